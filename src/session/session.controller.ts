import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import { IsString, Length } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/auth.decorators';
import { ROLES, type Role } from '../rules/vocabulary';
import { AuthFailureThrottle, throttledAuthentication } from '../security/throttling';
import { assertSameSite, CSRF_HEADER, SESSION_COOKIE, WebSessionService, type SessionInfo, type SessionRequest } from './web-session.service';

export class SignInDto {
  @ApiProperty({ description: 'an API key; it is exchanged for a session cookie and not kept by the page' })
  @IsString()
  @Length(1, 200)
  apiKey!: string;
}

export class SessionProviderView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class SessionView {
  @ApiProperty({ description: "the API key's name" }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'the key acts for every provider' }) allProviders!: boolean;
  @ApiProperty({ type: [SessionProviderView], description: 'the providers the key acts for, by name' }) providers!: SessionProviderView[];
  @ApiProperty({ enum: ['session', 'bearer'] }) authenticatedBy!: 'session' | 'bearer';
  @ApiPropertyOptional({ nullable: true, type: String, description: 'when the session ends (session only)' }) expiresAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: `send as ${CSRF_HEADER} with every change made with the session cookie (session only)` })
  csrfToken!: string | null;
}

@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(
    private readonly sessions: WebSessionService,
    private readonly failures: AuthFailureThrottle,
  ) {}

  @Post()
  @Public()
  @ApiOperation({
    summary: 'Sign in: exchange an API key for an HttpOnly, SameSite=Strict session cookie',
    description: `Sets the ${SESSION_COOKIE} cookie (expires with the session). Changes made with the cookie must send the returned csrfToken as ${CSRF_HEADER}. The API itself keeps accepting "Authorization: Bearer <key>".`,
  })
  @ApiAnswer(201, SessionView, { description: 'Signed in: the session cookie is set' })
  @ApiProblems(
    400,
    { status: 401, description: 'The API key is unknown, revoked, or its holder\'s employment has ended (counted as a failed authentication)' },
    { status: 403, description: 'The sign-in came from another site (Sec-Fetch-Site, Origin)' },
    413,
    429,
    503,
  )
  async signIn(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() dto: SignInDto): Promise<SessionView> {
    assertSameSite(req);
    // a wrong key here is a failed authentication like a wrong Bearer key: counted per client, and refused past the limit
    const { actor, token, session } = await throttledAuthentication(this.failures, req, res, () => this.sessions.signIn(dto.apiKey));
    this.sessions.setCookie(req, res, token, session.expiresAt);
    return this.view(actor, session);
  }

  @Get()
  @ApiAuthenticated()
  @ApiOperation({ summary: 'Who is signed in: name, role and providers (with the session cookie, also its expiry and CSRF token)' })
  @ApiAnswer(200, SessionView)
  who(@CurrentActor() actor: Actor, @Req() req: SessionRequest): Promise<SessionView> {
    return this.view(actor, req.webSession ?? null);
  }

  @Delete()
  @HttpCode(204)
  @ApiAuthenticated()
  @ApiOperation({ summary: 'Sign out: end the session and clear its cookie' })
  @ApiNoContentResponse({ description: 'Signed out: the session is ended and its cookie cleared' })
  async signOut(@CurrentActor() actor: Actor, @Req() req: SessionRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (req.webSession) await this.sessions.signOut(actor, req.webSession);
    this.sessions.clearCookie(req, res);
  }

  private async view(actor: Actor, session: SessionInfo | null): Promise<SessionView> {
    return {
      name: actor.name,
      role: actor.role,
      allProviders: actor.allProviders || actor.role === 'ADMIN',
      providers: await this.sessions.providersOf(actor),
      authenticatedBy: session ? 'session' : 'bearer',
      expiresAt: session ? session.expiresAt.toISOString() : null,
      csrfToken: session ? session.csrfToken : null,
    };
  }
}
