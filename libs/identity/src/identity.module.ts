import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '@tongxin/audit';
import { AppConfig } from '@tongxin/config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { PrincipalLoader } from './principal.loader';
import { PublicContextLoader } from './public-context.loader';
import { TokenService } from './token.service';

/** Who the caller is: credentials, tokens, the passport-jwt strategy. */
@Module({
  imports: [
    PassportModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, PrincipalLoader, PublicContextLoader, JwtStrategy],
  exports: [JwtModule, TokenService, PrincipalLoader, PublicContextLoader],
})
export class IdentityModule {}
