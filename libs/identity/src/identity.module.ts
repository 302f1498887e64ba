import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '@tongxin/audit';
import { AppConfig } from '@tongxin/config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-protection';
import { OperatorSessionLoader } from './operator-session.loader';
import { configurePasswordPolicy, passwordHashing } from './passwords';
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
  providers: [
    AuthService,
    TokenService,
    PrincipalLoader,
    PublicContextLoader,
    JwtStrategy,
    LoginThrottle,
    OperatorSessionLoader,
  ],
  exports: [JwtModule, TokenService, PrincipalLoader, PublicContextLoader, LoginThrottle, OperatorSessionLoader],
})
export class IdentityModule {
  // Password hashing and the password rule are process-wide (one CPU budget, one rule): set them from the config.
  constructor(config: AppConfig) {
    passwordHashing.configure(config.login.hashConcurrency, config.login.hashQueue);
    configurePasswordPolicy({ minLength: config.login.passwordMinLength });
  }
}
