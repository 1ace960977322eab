import { authHandler } from '@/lib/auth/route-handler';

export { authHandler as GET, authHandler as POST };
