type TypedArray = Uint8Array | Int32Array | Uint32Array;
type TypedArrayClass<T extends TypedArray> = (new (buffer: ArrayBuffer) => T) & {
  BYTES_PER_ELEMENT: number;
};

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}

// ES2024, which the TypeScript lib here predates.
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ResizableArrayBuffer;

/** Entries a column can ever hold: reserved as address space only, committed as it grows. */
const MAX_ENTRIES = 1 << 28;
const GROWTH_ENTRIES = 1 << 16;

/**
 * A typed array in memory V8 maps itself, not through malloc: when a large malloc'd buffer is
 * freed, glibc raises its mmap threshold, and the index's load then leaves about 30 MB of
 * fragmented heap in the server's RSS (measured).
 */
export function mappedArray<T extends TypedArray>(
  kind: TypedArrayClass<T>,
  length: number,
  maxLength = length,
): { values: T; resize(length: number): void } {
  const buffer = new ResizableArrayBuffer(length * kind.BYTES_PER_ELEMENT, {
    maxByteLength: maxLength * kind.BYTES_PER_ELEMENT,
  });
  // Length-tracking: the view grows with its buffer.
  const values = new kind(buffer);
  return { values, resize: (entries) => buffer.resize(entries * kind.BYTES_PER_ELEMENT) };
}

/**
 * A growable typed array: one number per indexed message in a few bytes, where an array of
 * objects would cost tens of bytes each at a million messages. It grows in place, never copied.
 */
export class Column<T extends TypedArray> {
  readonly values: T;
  private readonly resize: (length: number) => void;
  private length = 0;

  constructor(kind: TypedArrayClass<T>) {
    ({ values: this.values, resize: this.resize } = mappedArray(kind, 0, MAX_ENTRIES));
  }

  push(value: number): void {
    if (this.length === this.values.length) this.resize(this.length + GROWTH_ENTRIES);
    this.values[this.length] = value;
    this.length += 1;
  }
}
