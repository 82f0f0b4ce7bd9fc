/**
 * Typed arrays on a SharedArrayBuffer when the runtime has one: structured clone (worker
 * messages) then shares the memory instead of copying it. Falls back to ordinary buffers.
 */
function buffer(byteLength: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(byteLength) : new ArrayBuffer(byteLength);
}

/** Shared Uint8Array of length n, zero-filled. */
export function sharedUint8(n: number): Uint8Array {
  return new Uint8Array(buffer(n));
}

/** Shared Float32Array of length n, zero-filled. */
export function sharedFloat32(n: number): Float32Array {
  return new Float32Array(buffer(n * 4));
}

/** Shared Float64Array of length n, zero-filled. */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(buffer(n * 8));
}

/** Shared Int32Array of length n, zero-filled. */
export function sharedInt32(n: number): Int32Array {
  return new Int32Array(buffer(n * 4));
}

/** Shared Uint32Array of length n, zero-filled. */
export function sharedUint32(n: number): Uint32Array {
  return new Uint32Array(buffer(n * 4));
}
