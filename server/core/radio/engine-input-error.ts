/** Error raised by the pure coverage engine for input it cannot compute with. */
export class EngineInputError extends Error {
  /** Stable code for the HTTP error mapper. */
  readonly code = 'ENGINE_INPUT_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'EngineInputError';
  }
}
