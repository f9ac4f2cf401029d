/**
 * A response body serialized ahead of time, with a version naming exactly what it was built
 * from. Handlers return it instead of the object when the same bytes are served again and again.
 */
export class SerializedBody<T> {
  constructor(
    readonly bytes: Buffer,
    readonly version: string,
    /** Phantom: what `bytes` parses to, so the handler stays typed by its endpoint. */
    readonly _type?: T,
  ) {}

  static of<T>(value: T, version: string): SerializedBody<T> {
    return new SerializedBody<T>(Buffer.from(JSON.stringify(value)), version);
  }
}
