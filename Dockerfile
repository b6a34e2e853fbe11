# Image of the copilot service (used by compose.yaml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY copilot ./copilot
COPY prompts ./prompts
COPY knowledge_base ./knowledge_base
RUN pip install --no-cache-dir .
ENV COPILOT_KB_DIR=/app/knowledge_base COPILOT_PROMPTS_DIR=/app/prompts
EXPOSE 8000
CMD ["copilot", "serve", "--host", "0.0.0.0", "--port", "8000"]
