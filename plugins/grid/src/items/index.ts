import type { GridFeature } from '../shared/feature';
import { GridItem } from './grid-item.entity';
import { ItemsController } from './items.controller';
import { ItemsService } from './items.service';
import { itemsErrors } from './errors';

export { seedDefaultItems, fileableItem, itemView } from './items.service';
export { GridItem } from './grid-item.entity';
export * from './item-attributes';

export const itemsFeature: GridFeature = {
  entities: [GridItem],
  controllers: [ItemsController],
  providers: [ItemsService],
  entityNames: { grid_items: { 'zh-CN': '入格事项', en: 'grid item' } },
  errors: itemsErrors,
};
