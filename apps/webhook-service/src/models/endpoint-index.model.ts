import { Schema, type Connection, type Model } from 'mongoose';

export interface IndexedEndpoint {
  id: string;
  eventTypes: string[];
  enabled: boolean;
}

/**
 * The one document listing every endpoint with what it subscribes to: an event finds its endpoints with one read
 * by `_id` instead of a query on the endpoints (admins keep a handful, not millions).
 */
export interface EndpointIndex {
  _id: string;
  endpoints: IndexedEndpoint[];
}

export const ENDPOINT_INDEX_ID = 'endpoints';

const endpointIndexSchema = new Schema<EndpointIndex>(
  {
    _id: { type: String, required: true },
    endpoints: [new Schema<IndexedEndpoint>({ id: String, eventTypes: [String], enabled: Boolean }, { _id: false })],
  },
  { collection: 'endpoint_index', versionKey: false },
);

export type EndpointIndexModel = Model<EndpointIndex>;

export function endpointIndexModel(connection: Connection): EndpointIndexModel {
  return (connection.models.EndpointIndex as EndpointIndexModel | undefined) ?? connection.model<EndpointIndex>('EndpointIndex', endpointIndexSchema);
}
