import { Module } from '@nestjs/common';
import { AccessReviewController, AccessReviewService } from './access-review';
import { ApiKeysController, ApiKeysService } from './api-keys.controller';

// the access review's routes come first: /api-keys/access-review is not an API key id
@Module({ controllers: [AccessReviewController, ApiKeysController], providers: [ApiKeysService, AccessReviewService], exports: [ApiKeysService] })
export class ApiKeysModule {}
