import type { Connection, Model, Schema } from 'mongoose';

/**
 * The connection's model `name` of `schema`, compiled at the first call and the same object after (two apps built
 * on one connection, as tests do, share it). Every app's `models/` exports one such function per model.
 */
export function modelOn<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}
