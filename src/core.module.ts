/** What every feature module shares: settings, the audit log, the API key guard and the web sessions it accepts. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { APP_CONFIG, type AppConfig } from './config/config';
import { WebSessionService } from './session/web-session.service';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, AuditService, ApiKeyGuard, WebSessionService],
      exports: [APP_CONFIG, AuditService, ApiKeyGuard, WebSessionService],
    };
  }
}
