/**
 * Dot products of Float32 rows with WebAssembly SIMD (f32x4), about four times the
 * throughput of a scalar JavaScript loop — the cost that dominates building `similar`
 * relationships. The module is a dozen instructions, assembled below from named opcodes
 * rather than shipped as an opaque binary. Its text form:
 *
 *   (func (export "dot") (param $a i32) (param $b i32) (param $end i32) (result f32)
 *     (local $acc0 v128) (local $acc1 v128)
 *     (loop $next                              ;; 8 floats per turn, two accumulators
 *       acc0 += load(a) * load(b); acc1 += load(a + 16) * load(b + 16)
 *       a += 32; b += 32
 *       (br_if $next (i32.lt_u a end)))
 *     acc0 += acc1
 *     (lane0 + lane1) + (lane2 + lane3))
 *
 * Rows are padded to a multiple of 8 floats (zeros change no dot product).
 */

const op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32Add: 0x6a,
  f32Add: 0x92,
  simd: 0xfd,
} as const;
const simd = {
  v128Load: [0x00],
  f32x4ExtractLane: [0x1f],
  f32x4Add: [0xe4, 0x01],
  f32x4Mul: [0xe6, 0x01],
} as const;
const type = { i32: 0x7f, f32: 0x7d, v128: 0x7b, func: 0x60, void: 0x40 } as const;
const [A, B, END, ACC0, ACC1] = [0, 1, 2, 3, 4];

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const name = (text: string): number[] => vector([...Buffer.from(text, 'utf8')].map((byte) => [byte]));
const section = (id: number, content: number[]): number[] => [id, ...unsignedLeb(content.length), ...content];
/** `v128.load` with 16-byte alignment hint and a constant offset. */
const load = (offset: number): number[] => [op.simd, ...simd.v128Load, 4, ...unsignedLeb(offset)];
/** acc += load(a + offset) * load(b + offset) */
const multiplyAdd = (acc: number, offset: number): number[] => [
  op.localGet, acc, op.localGet, A, ...load(offset), op.localGet, B, ...load(offset),
  op.simd, ...simd.f32x4Mul, op.simd, ...simd.f32x4Add, op.localSet, acc,
];
const advance = (local: number): number[] => [op.localGet, local, op.i32Const, 32, op.i32Add, op.localSet, local];
const lane = (index: number): number[] => [op.localGet, ACC0, op.simd, ...simd.f32x4ExtractLane, index];

function dotModuleBytes(): Uint8Array {
  const body = [
    ...vector([[2, type.v128]]),
    op.loop, type.void,
    ...multiplyAdd(ACC0, 0),
    ...multiplyAdd(ACC1, 16),
    ...advance(A),
    ...advance(B),
    op.localGet, A, op.localGet, END, op.i32LtU, op.brIf, 0,
    op.end,
    op.localGet, ACC0, op.localGet, ACC1, op.simd, ...simd.f32x4Add, op.localSet, ACC0,
    ...lane(0), ...lane(1), op.f32Add, ...lane(2), ...lane(3), op.f32Add, op.f32Add,
    op.end,
  ];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[type.func, ...vector([[type.i32], [type.i32], [type.i32]]), ...vector([[type.f32]])]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('dot'), 0x00, 0]])),
    ...section(10, vector([[...unsignedLeb(body.length), ...body]])),
  ]);
}

/** The slice of the WebAssembly API used here (the Node types declare only its namespace). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;

/** Float32 rows living in WebAssembly memory, with a SIMD dot product between any two. */
export interface SimdRows {
  /** Row-major view, `rows × stride` floats. */
  data: Float32Array;
  /** Floats per row: `dim` rounded up to a multiple of 8. */
  stride: number;
  dot(a: number, b: number): number;
}

const PAGE_BYTES = 65536;

export function createSimdRows(rows: number, dim: number): SimdRows {
  compiled ??= new wasm.Module(dotModuleBytes());
  const stride = Math.max(8, Math.ceil(dim / 8) * 8);
  const rowBytes = stride * 4;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil((rows * rowBytes) / PAGE_BYTES)) });
  const instance = new wasm.Instance(compiled, { env: { memory } });
  const dot = instance.exports['dot'] as (a: number, b: number, end: number) => number;
  return {
    data: new Float32Array(memory.buffer, 0, rows * stride),
    stride,
    dot: (a, b) => dot(a * rowBytes, b * rowBytes, a * rowBytes + rowBytes),
  };
}
