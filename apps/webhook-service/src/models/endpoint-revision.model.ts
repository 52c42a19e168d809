import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

/**
 * One insert per endpoint change, numbered (`_id` 000000000001, 000000000002, …): replicas read the number after the
 * last they know by `_id` now and then, and reload their endpoints when it exists. An insert cannot be lost to a
 * concurrent one the way an update of one shared document can; two replicas taking the same number learn it from the
 * duplicate key.
 */
export interface EndpointRevision {
  _id: string;
  endpointId: string;
  at: Date;
}

const endpointRevisionSchema = new Schema<EndpointRevision>(
  {
    _id: { type: String, required: true },
    endpointId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'endpoint_revisions', versionKey: false },
);

export type EndpointRevisionModel = Model<EndpointRevision>;

export function endpointRevisionModel(connection: Connection): EndpointRevisionModel {
  return modelOn(connection, 'EndpointRevision', endpointRevisionSchema);
}
