# Connection settings for the services started by scripts/services.sh.
# Source it (`. scripts/services-env.sh`); values the caller already set win.
# The guest user of RabbitMQ is accepted only from loopback, which is where the services listen.
export ConnectionStrings__pipeline="${ConnectionStrings__pipeline:-Host=127.0.0.1;Port=5432;Username=pipeline;Password=pipeline;Database=pipeline}"
export ConnectionStrings__rabbitmq="${ConnectionStrings__rabbitmq:-amqp://guest:guest@127.0.0.1:5672/}"
export RabbitMq__ManagementUrl="${RabbitMq__ManagementUrl:-http://127.0.0.1:15672}"
export RabbitMq__ManagementUser="${RabbitMq__ManagementUser:-guest}"
export RabbitMq__ManagementPassword="${RabbitMq__ManagementPassword:-guest}"
