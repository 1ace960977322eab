import { authHandler } from '@/lib/features/auth/route-handler';

export { authHandler as GET, authHandler as POST };
