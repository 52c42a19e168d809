import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '@shopwire/service-kit';
import { withOutbox } from '@shopwire/messaging';

/** A daily sales report sent to the admins: `_id` is the day it covers, so each day's report is made and sent once. */
export interface DailyReport {
  _id: string;
  createdAt: Date;
}

const dailyReportSchema = new Schema<DailyReport>(
  { _id: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'daily_reports', versionKey: false, autoIndex: false, strict: false },
);

// report.sales.daily is written in the same insert as the record of the day.
dailyReportSchema.plugin(withOutbox);

export type DailyReportModel = Model<DailyReport>;

export function dailyReportModel(connection: Connection): DailyReportModel {
  return modelOn(connection, 'DailyReport', dailyReportSchema);
}
