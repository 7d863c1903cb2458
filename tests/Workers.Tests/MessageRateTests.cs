using Pipeline.ServiceDefaults.Workers;

namespace Pipeline.Workers.Tests;

public class MessageRateTests
{
    [Fact]
    public void Counts_the_last_sixty_seconds_and_forgets_older_ones()
    {
        var rate = new MessageRate();
        rate.Add(1000, 5);
        rate.Add(1030, 3);
        rate.Add(1059);

        Assert.Equal(9, rate.LastMinute(1059));
        Assert.Equal(4, rate.LastMinute(1060)); // second 1000 has left the window
        Assert.Equal(4, rate.LastMinute(1089));
        Assert.Equal(1, rate.LastMinute(1090));
        Assert.Equal(0, rate.LastMinute(1200));
    }

    [Fact]
    public void A_bucket_reused_a_minute_later_starts_from_zero()
    {
        var rate = new MessageRate();
        rate.Add(1000, 7);
        rate.Add(1060, 2); // same slot, next minute

        Assert.Equal(2, rate.LastMinute(1060));
    }

    [Fact]
    public void Adds_from_many_threads_within_one_second_are_all_counted()
    {
        var rate = new MessageRate();
        Parallel.For(0, 10_000, _ => rate.Add(5000));
        Assert.Equal(10_000, rate.LastMinute(5000));
    }

    [Fact]
    public void The_total_keeps_every_event_including_those_the_window_has_forgotten()
    {
        var rate = new MessageRate();
        Parallel.For(0, 10_000, i => rate.Add(1000 + i % 120));
        rate.Add(5000, 3);

        Assert.Equal(10_003, rate.Total);
        Assert.Equal(3, rate.LastMinute(5000));
    }
}
