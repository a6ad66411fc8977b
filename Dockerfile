# Flowise with Orquesta, for production (see README "Deploying it").
# The base is the Flowise release Orquesta is tested on (package.json: devDependencies.flowise,
# inside peerDependencies.flowise). Flowise lives in /usr/local/lib/node_modules/flowise there.
FROM flowiseai/flowise:3.1.2

# The packed plugin, made in the repository with `npm pack --ignore-scripts=false`
# (the repository's .npmrc turns install scripts off, and prepack builds).
ARG ORQUESTA_TARBALL=flowise-orquesta-0.1.0.tgz
COPY ${ORQUESTA_TARBALL} /tmp/flowise-orquesta.tgz

# The package's own CLI installs it inside Flowise's tree (so that @langchain/core and
# flowise-components are the host's copies); the same command the installation test runs.
RUN mkdir -p /tmp/orquesta \
    && tar xzf /tmp/flowise-orquesta.tgz -C /tmp/orquesta \
    && node /tmp/orquesta/package/dist/plugin/cli/main.js install \
        --flowise /usr/local/lib/node_modules/flowise --package /tmp/flowise-orquesta.tgz \
    && ln -sf /usr/local/lib/node_modules/flowise/node_modules/.bin/orquesta-flowise /usr/local/bin/orquesta-flowise \
    && rm -rf /tmp/orquesta /tmp/flowise-orquesta.tgz \
    && npm cache clean --force

# `start` (the server, port 3000) or `worker` (queue mode). The CLI appends the preload to
# NODE_OPTIONS, keeping what is set there.
ENTRYPOINT ["orquesta-flowise"]
CMD ["start"]
