using System.Security.Cryptography;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Ota.Engine;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scripts;

namespace Tsm.Grains.Ota.Transcripts;

/// <summary>
/// A stored transcript as people read it: each order as an ETSI TS 102 226 expanded command script and its answer as a
/// response script (hex). LOAD blocks stored by reference are rebuilt from the catalogue's CAPs, in their plain form
/// (as planned, before the secure channel's C-MAC and encryption); a block whose load file is no longer in the
/// catalogue is shown with its data zeroed and a note saying so.
/// </summary>
internal static class TranscriptRenderer
{
    public static IReadOnlyList<ScriptExchange> Render(IReadOnlyList<TranscriptExchange> exchanges, ICatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        ArgumentNullException.ThrowIfNull(catalogue);
        var wanted = exchanges.SelectMany(e => e.Commands).Select(c => c.Load).OfType<LoadBlockReference>()
            .Select(l => Convert.ToHexString(l.SequenceHash.Span)).ToHashSet(StringComparer.Ordinal);
        var sequences = wanted.Count == 0 ? [] : LoadSequences(catalogue, wanted);
        return [.. exchanges.Select(e => Render(e, sequences))];
    }

    private static ScriptExchange Render(TranscriptExchange exchange, Dictionary<string, byte[]> sequences)
    {
        string? note = null;
        var commands = new List<CommandApdu>(exchange.Commands.Count);
        foreach (var command in exchange.Commands)
        {
            if (command.Load is not { } load)
            {
                commands.Add(CommandApdu.Parse(command.Bytes.Span));
                continue;
            }
            var header = command.Bytes.Span;
            var hash = Convert.ToHexString(load.SequenceHash.Span);
            byte[] data;
            if (sequences.TryGetValue(hash, out var sequence) && load.Offset + load.Length <= sequence.Length)
            {
                data = sequence.AsSpan(load.Offset, load.Length).ToArray();
            }
            else
            {
                data = new byte[load.Length];
                note = $"LOAD sequence SHA-1 {hash} is not in the catalogue any more: its blocks are shown with their data zeroed.";
            }
            commands.Add(new CommandApdu(header[0], header[1], header[2], header[3], data));
        }
        var answer = exchange.Responses is { } responses
            ? Hex.Format(new ResponseScript(responses.Count, [.. responses.Select(r => ResponseApdu.Parse(r.Span))]).ToArray())
            : null;
        return new ScriptExchange(exchange.Order, Hex.Format(CommandScript.FromCommands(commands).ToArray()), answer, note);
    }

    /// <summary>The LOAD sequences (DAP block, if any, and the CAP's load file data block) of the catalogue's load files whose hashes are wanted.</summary>
    private static Dictionary<string, byte[]> LoadSequences(ICatalogue catalogue, HashSet<string> wanted)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var app in catalogue.Applications)
        {
            var loadFiles = app.AllLoadFiles.Concat(app.Extensions.Select(aid => catalogue.FindLibrary(aid)?.LoadFile).OfType<LoadFileDefinition>());
            foreach (var file in loadFiles)
            {
                byte[] sequence;
                try
                {
                    var dap = DapPassthrough.BlockFor(app, file.Aid);
                    sequence = LoadFileBuilder.Build(catalogue.GetCap(file).LoadFileDataBlock.Bytes.Span, dap is null ? null : [dap]);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
                {
                    continue; // a CAP that cannot be read now cannot be shown; the note says so
                }
                var hash = Convert.ToHexString(SHA1.HashData(sequence));
                if (wanted.Contains(hash))
                {
                    found[hash] = sequence;
                    if (found.Count == wanted.Count)
                        return found;
                }
            }
        }
        return found;
    }
}
