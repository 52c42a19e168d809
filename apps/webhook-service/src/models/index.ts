import type { Connection } from 'mongoose';
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

export function modelsOn(connection: Connection): Models {
  return {
    endpoints: endpointModel(connection),
    endpointRevision: endpointRevisionModel(connection),
    deliveries: deliveryModel(connection),
    deliveryLog: deliveryLogModel(connection),
  };
}
