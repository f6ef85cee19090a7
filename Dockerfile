# The `kg` command line in a container: docker-compose.yml's `kg` service builds the graph from a
# mounted input folder and pushes it to the `neo4j` service.
FROM python:3.11.11-slim-bookworm

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KG_QUERIES_DIR=/app/queries

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kg ./kg
COPY queries ./queries
RUN pip install . \
    && useradd --create-home --uid 1000 kg

# Owner of the mounted /out on most single-user hosts; never root.
USER kg
CMD ["kg", "--help"]
