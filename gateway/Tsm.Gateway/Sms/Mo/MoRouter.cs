using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Tsm.Gateway.Sms.Links;
using Tsm.Gateway.Sms.Push;
using Tsm.Gateway.Storage;
using Tsm.Grains.Ota;

namespace Tsm.Gateway.Sms.Mo;

/// <summary>One routing rule for MO messages: a keyword (the message's first word, any case) and what it does.</summary>
public sealed class MoRule
{
    public string Name { get; set; } = "";

    public string Keyword { get; set; } = "";

    /// <summary><c>sync</c>: queue an info sync (requirement 5.8.4.5) of every SE bound to the sender and push a wake-up for it.</summary>
    public string Action { get; set; } = MoActions.Sync;
}

public static class MoActions
{
    public const string Sync = "sync";
}

/// <summary>MO routing (section "Sms:Mo"): the rules, first match wins; messages no rule matches are stored only.</summary>
public sealed class MoOptions
{
    public const string Section = "Sms:Mo";

    public List<MoRule> Rules { get; set; } = [new MoRule { Name = "sync", Keyword = "SYNC", Action = MoActions.Sync }];
}

/// <summary>A stored MO message and what routing did with it.</summary>
public sealed record MoRecord(string Id, DateTimeOffset ReceivedAt, string Account, string Source, string Destination, string? Text, string UserData, string? Rule, string? Outcome);

/// <summary>
/// Applies the first rule whose keyword an MO message starts with, then stores the message with what the rule did;
/// messages routed at the same time are stored in one transaction (group commit), each acknowledged once stored.
/// </summary>
public sealed partial class MoRouter(
    IPlatformDatabase database,
    SeDirectory directory,
    PushService pushes,
    IGrainFactory grains,
    IOptions<MoOptions> options,
    TimeProvider time,
    ILogger<MoRouter> logger)
{
    private readonly GroupCommit<MoRecord, bool> _saves = new((records, ct) => SaveAllAsync(database, records, ct), 2048);

    public async Task<MoRecord> RouteAsync(SmsMoMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Text(message);
        var keyword = text?.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var rule = keyword is null ? null : options.Value.Rules.FirstOrDefault(r => string.Equals(r.Keyword, keyword, StringComparison.OrdinalIgnoreCase));
        string? outcome = null;
        if (rule is not null)
        {
            outcome = rule.Action switch
            {
                MoActions.Sync => await SyncAsync(message.Source, cancellationToken),
                _ => $"unknown action \"{rule.Action}\"",
            };
            Routed(logger, rule.Name, outcome);
        }
        var record = new MoRecord(Guid.NewGuid().ToString("N"), time.GetUtcNow(), message.Account, message.Source, message.Destination, text,
            Convert.ToHexString(message.UserData.Span), rule?.Name, outcome);
        // Acknowledged to the SMSC only once stored: messages coming in together are stored in one commit.
        await _saves.WriteAsync(record, cancellationToken);
        return record;
    }

    /// <summary>Queues an info sync of each SE bound to the number and pushes a wake-up for it.</summary>
    private async Task<string> SyncAsync(string msisdn, CancellationToken cancellationToken)
    {
        var seIds = await directory.SeIdsOfAsync(msisdn, cancellationToken);
        if (seIds.Count == 0)
            return "no SE is bound to the sender";
        var done = new List<string>();
        foreach (var seId in seIds)
        {
            try
            {
                var ticket = await grains.GetGrain<ISeGrain>(seId).Submit(new OperationRequest(new SyncOperation(), TaskChannel.Platform, msisdn));
                var push = await pushes.CreateAsync(new PushRequest(seId, msisdn, OperationKind.Sync, null, ticket.TaskId.GrainKey, "mo:" + msisdn), cancellationToken);
                done.Add($"{seId}: sync task {ticket.TaskId.GrainKey}, push {push.Serial}");
            }
            catch (RefusedException ex)
            {
                done.Add($"{seId}: {Api.RefusalProblems.Of(ex.Code).Title}");
            }
        }
        return string.Join("; ", done);
    }

    /// <summary>The text of a message in a text data coding (GSM default taken as its ASCII subset), else null.</summary>
    internal static string? Text(SmsMoMessage message)
    {
        var data = message.UserData.Span;
        if (message.Udhi)
        {
            if (data.Length == 0 || data[0] + 1 > data.Length)
                return null;
            data = data[(data[0] + 1)..];
        }
        return message.DataCoding switch
        {
            0x00 or 0x01 or 0x03 => Encoding.Latin1.GetString(data),
            0x08 => Encoding.BigEndianUnicode.GetString(data),
            _ => null,
        };
    }

    /// <summary>Stores MO messages in one transaction, in multi-row inserts (the group commit of <see cref="_saves"/>).</summary>
    private static async Task<IReadOnlyList<bool>> SaveAllAsync(IPlatformDatabase database, IReadOnlyList<MoRecord> records, CancellationToken cancellationToken)
    {
        const int RowsPerInsert = 256; // 9 parameters each
        using var gate = await SqliteWriteGate.EnterAsync(database, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var offset = 0; offset < records.Count; offset += RowsPerInsert)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = new StringBuilder();
            var i = 0;
            foreach (var record in records.Skip(offset).Take(RowsPerInsert))
            {
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@I{i}, @W{i}, @A{i}, @S{i}, @D{i}, @T{i}, @U{i}, @R{i}, @O{i})");
                command.AddParameter($"@I{i}", record.Id);
                command.AddParameter($"@W{i}", record.ReceivedAt.UtcTicks);
                command.AddParameter($"@A{i}", record.Account);
                command.AddParameter($"@S{i}", record.Source);
                command.AddParameter($"@D{i}", record.Destination);
                command.AddParameter($"@T{i}", (object?)record.Text ?? DBNull.Value);
                command.AddParameter($"@U{i}", record.UserData);
                command.AddParameter($"@R{i}", (object?)record.Rule ?? DBNull.Value);
                command.AddParameter($"@O{i}", (object?)record.Outcome ?? DBNull.Value);
                i++;
            }
            command.CommandText = $"INSERT INTO MoMessages (Id, ReceivedAt, Account, Source, Destination, Text, UserData, Rule, Outcome) VALUES {values};";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return [.. records.Select(_ => true)];
    }

    /// <summary>MO messages from a number, newest first.</summary>
    /// <summary>MO messages, newest first; <paramref name="sourcePrefixes"/> limits them to a regional caller's numbers (null: all).</summary>
    public async Task<IReadOnlyList<MoRecord>> QueryAsync(string? source, int limit, CancellationToken cancellationToken = default, IReadOnlyList<string>? sourcePrefixes = null)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new System.Text.StringBuilder("SELECT Id, ReceivedAt, Account, Source, Destination, Text, UserData, Rule, Outcome FROM MoMessages WHERE 1 = 1");
        if (source is not null)
        {
            sql.Append(" AND Source = @Source");
            command.AddParameter("@Source", source);
        }
        Regions.ScopedNumbers.Filter(sql, command, "Source", sourcePrefixes);
        sql.Append(" ORDER BY ReceivedAt DESC LIMIT @Limit;");
        command.CommandText = sql.ToString();
        command.AddParameter("@Limit", limit);
        var records = new List<MoRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new MoRecord(reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return records;
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "MO message routed by rule {Rule}: {Outcome}")]
    private static partial void Routed(ILogger logger, string rule, string outcome);
}
