/** What every feature module shares: settings, the clock, the audit log and the API key guard. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { Clock, FixedClock, SystemClock } from './common/clock';
import { APP_CONFIG, type AppConfig } from './config/config';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useValue: config.today ? new FixedClock(config.today) : new SystemClock() }, AuditService, ApiKeyGuard],
      exports: [APP_CONFIG, Clock, AuditService, ApiKeyGuard],
    };
  }
}
