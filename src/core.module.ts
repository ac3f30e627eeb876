/** What every feature module shares: settings, the audit log and the API key guard. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { APP_CONFIG, type AppConfig } from './config/config';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, AuditService, ApiKeyGuard],
      exports: [APP_CONFIG, AuditService, ApiKeyGuard],
    };
  }
}
