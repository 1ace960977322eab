# Production image for the web app (and the one-shot migrate service in docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx next build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Docker sets HOSTNAME to the container id; listen on every interface instead.
ENV HOSTNAME=0.0.0.0
ENV PORT=3000
COPY --from=build /app ./
EXPOSE 3000
# server.ts, not `next start`: it takes the client address from the socket (and TRUST_PROXY).
CMD ["node", "--import", "tsx", "server.ts"]
