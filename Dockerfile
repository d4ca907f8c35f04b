# The tensiongraph API. Build: docker build -t tensiongraph .
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api api
COPY graph graph
COPY loaders loaders
COPY cypher cypher
COPY examples examples
RUN pip install --no-cache-dir .
ENV TENSIONGRAPH_DB=/data/tensiongraph.db
EXPOSE 8000
CMD ["tensiongraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
