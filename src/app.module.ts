import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeysController, ApiKeysService } from './auth/api-keys.controller';
import { ProblemFilter } from './common/problem.filter';
import type { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { HealthController } from './health/health.controller';
import { pinoOptions } from './logging';
import { ProvidersController } from './providers/providers.controller';
import { ProvidersService } from './providers/providers.service';
import { RecipientsController } from './recipients/recipients.controller';
import { RecipientsService } from './recipients/recipients.service';
import { StaffController } from './staff/staff.controller';
import { StaffService } from './staff/staff.service';
import { CoreModule } from './core.module';
import { FEATURE_MODULES } from './features';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: pinoOptions(config.logLevel), forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }] }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), migrationsRun: false }),
        TerminusModule,
        CoreModule.forRoot(config),
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController, ApiKeysController, ProvidersController, StaffController, RecipientsController],
      providers: [
        ApiKeysService,
        ProvidersService,
        StaffService,
        RecipientsService,
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
