import { Global, Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationService } from './notification.service';

@Global()
@Module({ controllers: [NotificationsController], providers: [NotificationService], exports: [NotificationService] })
export class NotificationsModule {}
