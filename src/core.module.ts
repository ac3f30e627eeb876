/** What every feature module shares: settings, the clock, the audit log, the API key guard and the web sessions it accepts. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { Clock, FixedClock, SystemClock } from './common/clock';
import { APP_CONFIG, type AppConfig } from './config/config';
import { WebSessionService } from './session/web-session.service';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useValue: config.today ? new FixedClock(config.today) : new SystemClock() }, AuditService, ApiKeyGuard, WebSessionService],
      exports: [APP_CONFIG, Clock, AuditService, ApiKeyGuard, WebSessionService],
    };
  }
}
