import { withOutbox } from '@shopwire/messaging';
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';

export interface SigningSecret {
  secret: string;
  /** Set on the previous secret by a rotation: it signs too until then. */
  expiresAt?: Date;
}

/** A partner's HTTPS endpoint and what it wants to hear about. */
export interface Endpoint {
  _id: string;
  url: string;
  eventTypes: string[];
  description?: string;
  enabled: boolean;
  /** Why it was disabled by the service (`gone`: it answered 410; `failing`: no success for too long). */
  disabledReason?: string;
  secrets: SigningSecret[];
  /** The first failure since the last success. */
  failingSince?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Events waiting for the relay (withOutbox): `webhook.endpoint.disabled`. */
  outbox?: object[];
}

const endpointSchema = new Schema<Endpoint>(
  {
    _id: { type: String, required: true },
    url: { type: String, required: true },
    eventTypes: { type: [String], required: true },
    description: String,
    enabled: { type: Boolean, required: true },
    disabledReason: String,
    secrets: {
      type: [new Schema<SigningSecret>({ secret: { type: String, required: true }, expiresAt: Date }, { _id: false })],
      required: true,
    },
    failingSince: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'endpoints', versionKey: false },
);

// The service disabling an endpoint tells the admins in the same write (webhook.endpoint.disabled).
endpointSchema.plugin(withOutbox);

export type EndpointModel = Model<Endpoint>;

export function endpointModel(connection: Connection): EndpointModel {
  return modelOn(connection, 'Endpoint', endpointSchema);
}
