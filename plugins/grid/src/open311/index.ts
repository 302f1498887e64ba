import type { GridFeature } from '../shared/feature';
import { open311Errors } from './georeport-errors';
import { GeoReportController } from './georeport.controller';
import { GeoReportService } from './georeport.service';
import { Open311KeysController } from './keys.controller';
import { Open311KeysService } from './keys.service';
import { GridOpen311Key } from './open311-key.entity';

/** Open311 GeoReport v2 per district (public routes) and its api_keys (the district admin's). */
export const open311Feature: GridFeature = {
  entities: [GridOpen311Key],
  controllers: [Open311KeysController],
  publicControllers: [GeoReportController],
  providers: [GeoReportService, Open311KeysService],
  errors: open311Errors,
  entityNames: { grid_open311_keys: { 'zh-CN': 'Open311 接入密钥', en: 'Open311 api key' } },
};
