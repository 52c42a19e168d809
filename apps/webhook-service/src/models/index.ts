import type { Connection } from 'mongoose';
import { createDueList, type AggregateStore, type DueList } from '@shopwire/service-kit';
import { deliveryLogModel, type DeliveryLogModel } from './delivery-log.model';
import { deliveryModel, type DeliveryModel } from './delivery.model';
import { endpointRevisionModel, type EndpointRevisionModel } from './endpoint-revision.model';
import { endpointModel, type EndpointModel } from './endpoint.model';

export interface Models {
  endpoints: EndpointModel;
  endpointRevision: EndpointRevisionModel;
  deliveries: DeliveryModel;
  deliveryLog: DeliveryLogModel;
}

/** The collections, the due-list of deliveries to attempt, and the store through which every write goes by `_id`. */
export interface StoreDeps {
  store: AggregateStore;
  models: Models;
  due: DueList<string>;
}

export function modelsOn(connection: Connection): Models {
  return {
    endpoints: endpointModel(connection),
    endpointRevision: endpointRevisionModel(connection),
    deliveries: deliveryModel(connection),
    deliveryLog: deliveryLogModel(connection),
  };
}

export const DELIVERIES_DUE = 'deliveries_due';

export function dueListOn(connection: Connection): DueList<string> {
  return createDueList<string>(connection, DELIVERIES_DUE);
}
