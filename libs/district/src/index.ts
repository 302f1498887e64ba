export * from './calendar-override.entity';
export * from './district-clock.service';
export * from './district.module';
export * from './holiday-schedule';
export * from './working-calendar';
