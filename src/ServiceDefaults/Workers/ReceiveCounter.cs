using MassTransit;

namespace Pipeline.ServiceDefaults.Workers;

/// <summary>Counts every message a receive endpoint of this process has finished with (acknowledged), batches included.</summary>
public sealed class ReceiveCounter(MessageRate rate, TimeProvider clock) : IReceiveObserver
{
    public Task PostReceive(ReceiveContext context)
    {
        rate.Add(clock.GetUtcNow().ToUnixTimeSeconds());
        return Task.CompletedTask;
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
