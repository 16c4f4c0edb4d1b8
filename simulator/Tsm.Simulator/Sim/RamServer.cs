using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Scp80;
using Tsm.Protocol.Scripts;

namespace Tsm.Simulator.Sim;

/// <summary>
/// The receiving entity of a SIM's remote application management server (ETSI TS 102 225 §5.1–§5.2, TS 102 226
/// §5): takes one secured command packet for TAR 000000 (the ISD) and answers with the PoR, or nothing when the
/// SPI asks for none. In order, as a card does: the header must be readable (else status 06), the TAR known (09),
/// a key set must exist for the KIc/KID key index with keys the algorithms fit (06), the SPI must meet the minimum
/// security level — a cryptographic checksum and a checked counter, and ciphering when required (0A); then the
/// packet is deciphered (05) and its checksum verified (01); only an authentic packet has its counter checked
/// (02/03/04), so a forged one can never move it. The new counter is stored before the script runs, so a replay is
/// refused even if the card tears mid-script. The script — expanded (template AA/AE) or compact — runs against the
/// ISD through <paramref name="execute"/>; its response is the PoR's additional data.
/// </summary>
/// <param name="state">The SIM's OTA state (changed in place: counters).</param>
/// <param name="execute">Runs one C-APDU on the ISD in the remote-management context.</param>
/// <param name="persist">Saves the card state; called after a counter moved.</param>
public sealed class RamServer(OtaRecord state, Func<CommandApdu, ResponseApdu> execute, Action persist)
{
    /// <summary>The TAR of the ISD's RAM server (TS 101 220 §6.2).</summary>
    public static ReadOnlySpan<byte> IsdTar => [0x00, 0x00, 0x00];

    /// <summary>Processes a command packet (from CPL on); returns the PoR packet (from RPL on) or null when none is due.</summary>
    public byte[]? Receive(ReadOnlySpan<byte> packet)
    {
        CommandPacketHeader header;
        try
        {
            header = CommandPacket.ReadHeader(packet);
        }
        catch (Scp80FormatException)
        {
            // Without a readable header there is no trustworthy TAR or SPI; answer 06 in clear when a TAR can be read at all.
            return packet.Length >= CommandPacket.ClearHeaderLength
                ? new ResponsePacket(packet.Slice(7, 3).ToArray(), 0, PorStatus.UnidentifiedSecurityError).Encode(default, default, default, null)
                : null;
        }
        var spi = header.Spi;
        if (!header.Tar.AsSpan().SequenceEqual(IsdTar))
            return Clear(header, PorStatus.TarUnknown);
        var keySet = state.KeySets.FirstOrDefault(k => k.KeyIndex == header.Kic.KeyIndex && k.KeyIndex == header.Kid.KeyIndex);
        if (keySet is null)
            return Clear(header, PorStatus.UnidentifiedSecurityError);
        if (spi.Checksum != Scp80ChecksumKind.CryptographicChecksum
            || spi.CounterMode is not (Scp80CounterMode.Higher or Scp80CounterMode.OneHigher)
            || (state.RequireCiphering && !spi.Ciphered))
        {
            return Clear(header, PorStatus.InsufficientSecurityLevel);
        }
        using var keys = new Scp80Keys(Hex.Parse(keySet.Kic), Hex.Parse(keySet.Kid));
        CommandPacket command;
        try
        {
            command = CommandPacket.Open(packet, keys);
        }
        catch (Scp80FormatException ex)
        {
            return Clear(header, ex.Fault switch
            {
                Scp80Fault.Checksum => PorStatus.ChecksumFailed,
                Scp80Fault.Ciphering => PorStatus.CipheringError,
                _ => PorStatus.UnidentifiedSecurityError,
            });
        }
        var counterStatus = CounterRule.Check(spi.CounterMode, keySet.Counter, command.Counter);
        if (counterStatus != PorStatus.Ok)
            return Por(command, keys, counterStatus, [], isError: true);
        keySet.Counter = CounterRule.Next(spi.CounterMode, keySet.Counter, command.Counter);
        persist();

        var (response, failed) = Run(command.Data.Span);
        return Por(command, keys, PorStatus.Ok, response, failed);
    }

    /// <summary>Runs the remote script; returns the additional response data and whether a command failed.</summary>
    private (byte[] Response, bool Failed) Run(ReadOnlySpan<byte> script)
    {
        if (!script.IsEmpty && script[0] is ScriptTags.CommandTemplateDefinite or ScriptTags.CommandTemplateIndefinite)
        {
            var expanded = ScriptProcessor.Execute(script, execute);
            var failed = expanded.BadFormat is not null || expanded.LastResponse is { } last && !ScriptProcessor.ContinuesAfter(last.StatusWord);
            return (expanded.ToArray(), failed);
        }
        IReadOnlyList<CommandApdu> commands;
        try
        {
            commands = CompactScript.Decode(script);
        }
        catch (Scp80FormatException)
        {
            // A compact script whose lengths do not add up: nothing runs, and the wrong length is reported.
            return (new CompactResponse(0, new ResponseApdu(StatusWords.WrongLength)).Encode(), true);
        }
        var executed = 0;
        var lastResponse = new ResponseApdu(StatusWords.Success);
        foreach (var c in commands)
        {
            lastResponse = execute(c);
            executed++;
            if (!ScriptProcessor.ContinuesAfter(lastResponse.StatusWord))
                break;
        }
        var stopped = !ScriptProcessor.ContinuesAfter(lastResponse.StatusWord);
        return (new CompactResponse(executed, lastResponse).Encode(), stopped);
    }

    private static byte[]? Por(CommandPacket command, Scp80Keys keys, PorStatus status, byte[] data, bool isError) =>
        command.Spi.Por switch
        {
            PorRequest.Always => new ResponsePacket(command.Tar, command.Counter, status, data).Encode(command.Spi, command.Kic, command.Kid, keys),
            PorRequest.OnError when isError => new ResponsePacket(command.Tar, command.Counter, status, data).Encode(command.Spi, command.Kic, command.Kid, keys),
            _ => null,
        };

    /// <summary>A security failure's PoR: in clear, counter 0 (the CNTR was not trusted), when the SPI asks for any PoR.</summary>
    private static byte[]? Clear(CommandPacketHeader header, PorStatus status) =>
        header.Spi.Por is PorRequest.Always or PorRequest.OnError
            ? new ResponsePacket(header.Tar, 0, status).Encode(header.Spi, header.Kic, header.Kid, null)
            : null;
}
