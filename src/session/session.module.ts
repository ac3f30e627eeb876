import { Module } from '@nestjs/common';
import { SessionController } from './session.controller';

/** Sign-in, who is signed in, sign-out. WebSessionService itself is in CoreModule, beside the guard that uses it. */
@Module({ controllers: [SessionController] })
export class SessionModule {}
