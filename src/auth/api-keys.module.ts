import { Module } from '@nestjs/common';
import { ApiKeysController, ApiKeysService } from './api-keys.controller';

@Module({ controllers: [ApiKeysController], providers: [ApiKeysService], exports: [ApiKeysService] })
export class ApiKeysModule {}
