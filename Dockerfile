# socialvalue serve in a container: the HTTP JSON API and the web page, nothing else.
#   docker build -t socialvalue .
#   docker run --rm -p 8000:8000 -e SOCIALVALUE_SERVE_TOKEN=change-me socialvalue
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SOCIALVALUE_CACHE_DIR=/tmp/socialvalue-cache
WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
RUN pip install --no-cache-dir ".[serve]" && useradd --create-home --uid 10001 socialvalue
USER socialvalue
EXPOSE 8000
# Inside the container the service listens on every interface; publish the port only where you mean to.
CMD ["socialvalue", "serve", "--host", "0.0.0.0", "--port", "8000"]
