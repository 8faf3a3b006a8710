# One image for the gateway and every subgraph; the command picks which to run.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY lib ./lib
COPY prisma ./prisma
COPY schema ./schema
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY codegen.ts tsconfig.json ./
RUN npm ci --no-audit --no-fund
# graphql-js skips its development-only checks in production.
ENV HOST=0.0.0.0 NODE_ENV=production
EXPOSE 4000 4001 4002 4003 4004
CMD ["npm", "start"]
