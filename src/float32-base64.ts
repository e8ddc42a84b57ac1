/**
 * Float32 vectors as base64 of their little-endian bytes (the byte order of every platform
 * Node runs on): exact, and a quarter of a JSON list of numbers. The graph file, the response
 * cache and OpenAI's `encoding_format: base64` all use it.
 */
export function float32ToBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

/** Whether base64 text holds a whole number of float32 values. */
export const isFloat32Base64 = (text: string) => Buffer.byteLength(text, 'base64') % Float32Array.BYTES_PER_ELEMENT === 0;

export function base64ToFloat32(text: string): Float32Array<ArrayBuffer> {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % Float32Array.BYTES_PER_ELEMENT !== 0) throw new Error('base64 text is not a whole number of float32 values');
  // Copy: the Buffer may sit at an unaligned offset of a shared pool.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}
