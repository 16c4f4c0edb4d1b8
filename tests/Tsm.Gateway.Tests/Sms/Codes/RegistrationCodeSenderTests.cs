using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tsm.Gateway.Sms;
using Tsm.Gateway.Sms.Codes;
using Tsm.Gateway.Sms.Links;

namespace Tsm.Gateway.Tests.Sms.Codes;

/// <summary>
/// <see cref="SmsRegistrationCodeSender"/> over fake accounts (no sockets): the accounts tried in turn within the
/// bounded wait, every outcome returned, and logs with the MSISDN masked and never the text (docs/sms.md,
/// "Registration codes").
/// </summary>
public sealed class RegistrationCodeSenderTests
{
    internal const string Msisdn = "8613800138000";
    internal const string Masked = "861****8000";
    internal const string Text = "TSM code 482915. It proves this number to your wallet; valid 5 minutes.";

    private readonly ListLogger _log = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private SmsRegistrationCodeSender Sender(params ISmsSender[] accounts)
    {
        var senders = new SmsSenders();
        foreach (var account in accounts)
            senders.Add(account);
        return new SmsRegistrationCodeSender(Options.Create(new RegistrationCodeOptions()), _clock, new TypedLogger<SmsRegistrationCodeSender>(_log), senders);
    }

    private void AssertLogsAreClean()
    {
        Assert.NotEmpty(_log.Lines);
        Assert.All(_log.Lines, line =>
        {
            Assert.DoesNotContain("482915", line, StringComparison.Ordinal);
            Assert.DoesNotContain(Msisdn, line, StringComparison.Ordinal);
            Assert.Contains(Masked, line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Without_an_SMS_link_the_outcome_is_no_channel()
    {
        var withoutLinks = new SmsRegistrationCodeSender(Options.Create(new RegistrationCodeOptions()), _clock, new TypedLogger<SmsRegistrationCodeSender>(_log));

        Assert.Equal(RegistrationCodeOutcome.NoChannel, (await withoutLinks.SendAsync(Msisdn, Text, CancellationToken.None)).Outcome);
        Assert.Equal(RegistrationCodeOutcome.NoChannel, (await Sender().SendAsync(Msisdn, Text, CancellationToken.None)).Outcome);
        AssertLogsAreClean();
    }

    [Fact]
    public async Task A_text_message_without_receipt_goes_to_the_first_account_that_takes_it()
    {
        var refusing = new FakeAccount("a-refusing", _ => Task.FromResult(new SmsSubmitResult(false, null, 0x0B, "ESME_RINVDSTADR")));
        var dropping = new FakeAccount("b-dropping", _ => Task.FromException<SmsSubmitResult>(new SmsLinkException("The connection closed with the request in flight.")));
        var taking = new FakeAccount("c-taking", _ => Task.FromResult(new SmsSubmitResult(true, "M-1")));
        var sender = Sender(refusing, dropping, taking);

        var delivery = await sender.SendAsync("+" + Msisdn, Text, CancellationToken.None);

        Assert.Equal(new RegistrationCodeDelivery(RegistrationCodeOutcome.Sent, "c-taking", "M-1"), delivery);
        var message = Assert.Single(taking.Messages);
        Assert.Equal((Msisdn, Text, false, false, false), (message.Destination, message.Text, message.Udhi, message.Binary, message.RequestReceipt));
        Assert.True(message.UserData.IsEmpty);
        Assert.Single(refusing.Messages);
        Assert.Single(dropping.Messages);
        AssertLogsAreClean();
    }

    [Fact]
    public async Task The_accounts_take_turns_from_one_code_to_the_next()
    {
        var first = new FakeAccount("a", _ => Task.FromResult(new SmsSubmitResult(true, "1")));
        var second = new FakeAccount("b", _ => Task.FromResult(new SmsSubmitResult(true, "2")));
        var sender = Sender(first, second);

        var accounts = new List<string?>();
        for (var i = 0; i < 4; i++)
            accounts.Add((await sender.SendAsync(Msisdn, Text, CancellationToken.None)).Account);

        Assert.Equal(["a", "b", "a", "b"], accounts);
    }

    [Fact]
    public async Task Refused_everywhere_is_refused_with_the_SMSC_status()
    {
        var sender = Sender(
            new FakeAccount("a", _ => Task.FromResult(new SmsSubmitResult(false, null, 0x45, "ESME_RSUBMITFAIL"))),
            new FakeAccount("b", _ => throw new InvalidOperationException("SMPP account b binds as receiver and cannot submit.")));

        var delivery = await sender.SendAsync(Msisdn, Text, CancellationToken.None);

        Assert.Equal(RegistrationCodeOutcome.Refused, delivery.Outcome);
        Assert.Equal("refused by the SMSC: ESME_RSUBMITFAIL", delivery.Error);
        AssertLogsAreClean();
    }

    [Fact]
    public async Task Links_that_all_fail_leave_it_unavailable()
    {
        var sender = Sender(new FakeAccount("a", _ => Task.FromException<SmsSubmitResult>(new SmsLinkException("No response after 3 attempts."))));

        var delivery = await sender.SendAsync(Msisdn, Text, CancellationToken.None);

        Assert.Equal((RegistrationCodeOutcome.Unavailable, "No response after 3 attempts."), (delivery.Outcome, delivery.Error));
    }

    [Fact]
    public async Task No_answer_within_the_submit_timeout_is_unavailable()
    {
        var waiting = new FakeAccount("a", async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new SmsSubmitResult(true, "never");
        });
        var sender = Sender(waiting);

        var sending = sender.SendAsync(Msisdn, Text, CancellationToken.None);
        Assert.False(sending.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(sending.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var delivery = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RegistrationCodeOutcome.Unavailable, delivery.Outcome);
        Assert.Contains("00:00:10", delivery.Error, StringComparison.Ordinal);
        AssertLogsAreClean();
    }

    [Theory]
    [InlineData("1380", Text)]
    [InlineData("1380013800x", Text)]
    [InlineData(Msisdn, "")]
    public async Task A_bad_number_or_an_empty_text_is_an_argument_error(string msisdn, string text)
    {
        var account = new FakeAccount("a", _ => Task.FromResult(new SmsSubmitResult(true, "1")));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Sender(account).SendAsync(msisdn, text, CancellationToken.None));
        Assert.Empty(account.Messages);
    }

    [Theory]
    [InlineData('x', 160)] // one GSM SMS, but CMPP's ASCII holds 159
    [InlineData('验', 71)]
    public async Task A_text_beyond_one_SMS_is_an_argument_error(char c, int length)
    {
        var account = new FakeAccount("a", _ => Task.FromResult(new SmsSubmitResult(true, "1")));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Sender(account).SendAsync(Msisdn, new string(c, length), CancellationToken.None));
        Assert.Empty(account.Messages);
        Assert.True((await Sender(account).SendAsync(Msisdn, new string(c, length - 1), CancellationToken.None)).Sent);
    }

    [Fact]
    public void A_text_message_prints_without_its_text()
    {
        var message = SmsMessage.ForText(Msisdn, Text);

        Assert.DoesNotContain("482915", message.ToString(), StringComparison.Ordinal);
        Assert.Contains("Text = (hidden)", message.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("8613800138000", "861****8000")]
    [InlineData("1234567", "****67")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Numbers_are_masked_for_logs(string? msisdn, string masked) =>
        Assert.Equal(masked, MsisdnMask.Mask(msisdn));

    [Theory]
    [InlineData("00:00:10", null, true)]
    [InlineData("00:00:00", null, false)]
    [InlineData("00:01:01", null, false)]
    [InlineData("00:00:05", "10657", true)]
    [InlineData("00:00:05", "", false)]
    [InlineData("00:00:05", "106 57", false)]
    public void The_options_are_validated(string timeout, string? source, bool valid) =>
        Assert.Equal(valid, !new RegistrationCodeOptions { SubmitTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture), Source = source }.Validate().Any());

    /// <summary>An SMS account whose answer the test decides; it keeps what it was given.</summary>
    private sealed class FakeAccount(string name, Func<CancellationToken, Task<SmsSubmitResult>> answer) : ISmsSender
    {
        public string Account => name;

        public List<SmsMessage> Messages { get; } = [];

        public Task<SmsSubmitResult> SubmitAsync(SmsMessage message, CancellationToken cancellationToken = default)
        {
            Messages.Add(message);
            return answer(cancellationToken);
        }
    }
}

/// <summary>An <see cref="ILogger{T}"/> over another logger (the tests' <see cref="ListLogger"/>).</summary>
internal sealed class TypedLogger<T>(ILogger inner) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
