export * from './role-assignment.entity';
export * from './role-assignment.service';
export * from './role.dto';
export * from './role.entity';
export * from './role.service';
export * from './roles.module';
