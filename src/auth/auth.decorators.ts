import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../rules/vocabulary';
import type { Actor } from './actor';

export const ROLES_KEY = 'bhcheck:roles';
export const PUBLIC_KEY = 'bhcheck:public';

/** The roles that may call this handler (ADMIN always may). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return (ctx.switchToHttp().getRequest() as { actor: Actor }).actor;
});
