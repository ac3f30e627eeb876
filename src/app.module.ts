import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ProblemFilter } from './common/problem.filter';
import type { AppConfig } from './config/config';
import { CoreModule } from './core.module';
import { dataSourceOptions } from './database/data-source-options';
import { FEATURE_MODULES } from './features';
import { HealthController } from './health/health.controller';
import { logsRequests, pinoOptions } from './logging';
import { ApiKeyRateLimitGuard, ThrottledApiKeyGuard, ThrottlingModule } from './security/throttling';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // no route goes through pino-http when nothing is logged (logsRequests); the logger stays for the application's own lines
        LoggerModule.forRoot({ pinoHttp: pinoOptions(config.logLevel), forRoutes: logsRequests(config.logLevel) ? [{ path: '{*splat}', method: RequestMethod.ALL }] : [] }),
        // the runtime role: it neither migrates nor installs extensions (the owner role did both)
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, { installExtensions: false }), migrationsRun: false }),
        TerminusModule,
        CoreModule.forRoot(config),
        ThrottlingModule.forRoot(config),
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        // in this order: the API key (behind the failed-authentication limit), then the per-key limit
        { provide: APP_GUARD, useExisting: ThrottledApiKeyGuard },
        { provide: APP_GUARD, useExisting: ApiKeyRateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
