type TypedArray = Uint8Array | Uint32Array | Float64Array;
type TypedArrayClass<T extends TypedArray> = new (length: number) => T;

/**
 * A growable typed array: one number per indexed message in a few bytes, where an array of
 * objects would cost tens of bytes each at a million messages.
 */
export class Column<T extends TypedArray> {
  values: T;
  private length = 0;

  constructor(private readonly kind: TypedArrayClass<T>) {
    this.values = new kind(1024);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new this.kind(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    this.length += 1;
  }
}
