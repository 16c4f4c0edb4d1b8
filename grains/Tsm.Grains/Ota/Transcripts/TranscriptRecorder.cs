using System.Security.Cryptography;
using Tsm.Grains.Ota.Engine;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;

namespace Tsm.Grains.Ota.Transcripts;

/// <summary>
/// A task's transcript while it runs, in memory (docs/ota.md, "Transcripts"): its last <see cref="MaxExchanges"/>
/// orders and answers, binary. Commands that carry secrets are kept with their data field zeroed; LOAD blocks are kept
/// by reference to their load file's LOAD sequence, not by value.
/// </summary>
internal sealed class TranscriptRecorder
{
    public const int MaxExchanges = 32;

    private readonly List<TranscriptExchange> _exchanges = [];

    public IReadOnlyList<TranscriptExchange> Exchanges => _exchanges;

    /// <summary>An order as issued: <paramref name="planned"/> are its commands, in order (the wire form and what each is for).</summary>
    public void Order(int sequence, IReadOnlyList<PlannedCommand> planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var commands = new TranscriptCommand[planned.Count];
        for (var i = 0; i < planned.Count; i++)
        {
            if (IsLoad(planned[i]))
            {
                i = LoadSequence(planned, i, commands) - 1;
                continue;
            }
            commands[i] = new TranscriptCommand(Redacted(planned[i]));
        }
        _exchanges.Add(new TranscriptExchange(sequence, commands, null));
        if (_exchanges.Count > MaxExchanges)
            _exchanges.RemoveAt(0);
    }

    /// <summary>The wallet's answer to order <paramref name="sequence"/> (the R-APDUs it reported).</summary>
    public void Answer(int sequence, IReadOnlyList<ResponseApdu> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var index = _exchanges.FindLastIndex(e => e.Order == sequence && e.Responses is null);
        if (index >= 0)
            _exchanges[index] = _exchanges[index] with { Responses = [.. responses.Select(r => (ReadOnlyMemory<byte>)r.ToArray())] };
    }

    private static bool IsLoad(PlannedCommand command) => command.Intent is CommandIntent.LoadBlock or CommandIntent.LastLoadBlock;

    /// <summary>
    /// The LOAD blocks of one load file that start at <paramref name="first"/> (up to its last block, or the end of the
    /// order): one hash over their plain data, then one reference per block. Returns the index after them.
    /// </summary>
    private static int LoadSequence(IReadOnlyList<PlannedCommand> planned, int first, TranscriptCommand[] commands)
    {
        var end = first;
        while (end < planned.Count && IsLoad(planned[end]) && string.Equals(planned[end].Aid, planned[first].Aid, StringComparison.OrdinalIgnoreCase))
        {
            end++;
            if (planned[end - 1].Intent == CommandIntent.LastLoadBlock)
                break;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        for (var i = first; i < end; i++)
            hash.AppendData(planned[i].Plain.Data.Span);
        var sequence = hash.GetHashAndReset();
        var offset = 0;
        for (var i = first; i < end; i++)
        {
            var plain = planned[i].Plain;
            commands[i] = new TranscriptCommand(new[] { plain.Cla, plain.Ins, plain.P1, plain.P2 }, new LoadBlockReference(sequence, offset, plain.Data.Length));
            offset += plain.Data.Length;
        }
        return end;
    }

    /// <summary>The command as sent; one that carries secrets (keys, the login token, personalization values) with its data field zeroed.</summary>
    private static byte[] Redacted(PlannedCommand planned)
    {
        var wire = Hex.Parse(planned.Wire);
        if (!planned.Sensitive)
            return wire;
        var command = CommandApdu.Parse(wire);
        return command.Data.Length == 0 ? wire
            : new CommandApdu(command.Cla, command.Ins, command.P1, command.P2, new byte[command.Data.Length], command.Ne, command.IsExtended).ToArray();
    }
}
