using System.Buffers.Binary;
using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;

namespace Tsm.Simulator.Card.Applets;

/// <summary>
/// A small electronic purse. Personalization (STORE DATA DGIs through its SD): <c>0101</c> purse key (16 bytes),
/// <c>0102</c> balance (4 bytes, big-endian, in cents). Commands once personalized:
/// <list type="bullet">
/// <item>GET BALANCE <c>80 5C 00 02 04</c> → balance (4).</item>
/// <item>DEBIT <c>80 54 00 00 0C amount(4) MAC(8)</c>: MAC = retail MAC (ISO 9797-1 alg. 3, ICV zero) under the purse key
/// over <c>amount ‖ transaction counter(2)</c>; → new balance (4) ‖ new counter (2). 6982 wrong MAC, 6985 insufficient funds.</item>
/// </list>
/// Before personalization both answer 6985.
/// <para>Personalization (requirement 5.8.4.6) in each mode:</para>
/// <list type="bullet">
/// <item>Mode 3: STORE DATA forwarded by its SD after INSTALL [for personalization] (<see cref="Personalize"/>).</item>
/// <item>Mode 2: STORE DATA <c>80 E2</c> sent to the purse itself inside its SD's secure channel (opened through the
/// purse with the GP SecureChannel API); value fields flagged encrypted (P1 b7-b6 = 11) are decrypted with the
/// session DEK through the SD. Outside such a channel: 6982.</item>
/// <item>Mode 1, the purse's own key: PUT DATA <c>80 DA P1 P2 Lc value MAC(8)</c> with P1 P2 = DGI 0102 (balance) or
/// 0101 (a new purse key, 3DES-ECB under the current one); MAC = retail MAC under the purse's current key over
/// <c>80 DA P1 P2 ‖ value ‖ transaction counter(2)</c>. The current key is the personalized one, else the initial
/// key given as the instance's install parameters (16 bytes). 6982 wrong MAC; the counter moves on each success.</item>
/// </list>
/// </summary>
public sealed class EPurseApplet : IAppletBehaviour
{
    public const ushort KeyDgi = 0x0101;
    public const ushort BalanceDgi = 0x0102;
    private const string KeyName = "key";
    private const string BalanceName = "balance";
    private const string CounterName = "counter";

    public string Name => AppletBehaviours.EPurse;

    public ResponseApdu Select(AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A5 { 9F08 version 01 }
        return new ResponseApdu(Fci.ForInstance(context.Instance.Aid, [0x9F, 0x08, 0x01, 0x01]), StatusWords.Success);
    }

    public ResponseApdu Process(CommandApdu command, AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if ((command.Cla & 0x80) == 0)
            return new ResponseApdu(StatusWords.ClaNotSupported);
        return command.Ins switch
        {
            0x5C => GetBalance(command, context),
            0x54 => Debit(command, context),
            0xE2 => StoreData(command, context),
            0xDA => PutData(command, context),
            _ => new ResponseApdu(StatusWords.InsNotSupported),
        };
    }

    public ResponseApdu Personalize(ReadOnlySpan<byte> data, bool isDgi, bool isLastBlock, AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!PersonalizationData.TryReadDgis(data, isDgi, out var dgis, out var error))
            return error;
        foreach (var dgi in dgis)
        {
            switch (dgi.Tag)
            {
                case KeyDgi when dgi.Value.Length == 16:
                    context.Data[KeyName] = Hex.Format(dgi.Value.Span);
                    break;
                case BalanceDgi when dgi.Value.Length == 4:
                    context.Data[BalanceName] = Hex.Format(dgi.Value.Span);
                    context.Data[CounterName] = "0000";
                    break;
                default:
                    return new ResponseApdu(StatusWords.IncorrectData);
            }
        }
        context.Changed = true;
        return new ResponseApdu(StatusWords.Success);
    }

    /// <summary>Mode 2: personalization data straight to the purse, protected by its SD's secure channel.</summary>
    private ResponseApdu StoreData(CommandApdu command, AppletContext context)
    {
        if (!context.InOwnerSecureChannel)
            return new ResponseApdu(StatusWords.SecurityStatusNotSatisfied);
        var isDgi = (command.P1 & 0x18) == 0x08;
        ReadOnlySpan<byte> data = command.Data.Span;
        if ((command.P1 & 0x60) == 0x60)
        {
            var decrypted = isDgi ? SimulatedCard.DecryptDgiValues(data, context.DecryptSensitive) : context.DecryptSensitive(data.ToArray());
            if (decrypted is null)
                return new ResponseApdu(StatusWords.IncorrectData);
            data = decrypted;
        }
        return Personalize(data, isDgi, (command.P1 & 0x80) != 0, context);
    }

    /// <summary>Mode 1: PUT DATA under the purse's own key (personalized key, else the initial key from its install parameters).</summary>
    private static ResponseApdu PutData(CommandApdu command, AppletContext context)
    {
        var dgi = (ushort)((command.P1 << 8) | command.P2);
        if (dgi is not (KeyDgi or BalanceDgi))
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        var data = command.Data.Span;
        var valueLength = dgi == KeyDgi ? 16 : 4;
        if (data.Length != valueLength + 8)
            return new ResponseApdu(StatusWords.WrongLength);
        var keyHex = context.Data.GetValueOrDefault(KeyName) ?? (context.Instance.InstallParameters.Length == 32 ? context.Instance.InstallParameters : null);
        if (keyHex is null)
            return new ResponseApdu(StatusWords.ConditionsNotSatisfied);
        var key = Hex.Parse(keyHex);
        try
        {
            var counter = ushort.Parse(context.Data.GetValueOrDefault(CounterName, "0000"), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            var expected = PutDataMac(key, command.P1, command.P2, data[..valueLength], counter);
            if (!CryptographicOperations.FixedTimeEquals(expected, data[valueLength..]))
                return new ResponseApdu(StatusWords.SecurityStatusNotSatisfied);
            var value = data[..valueLength].ToArray();
            if (dgi == KeyDgi)
                value = new DesCipher(key).DecryptEcb(value);
            context.Data[dgi == KeyDgi ? KeyName : BalanceName] = Hex.Format(value);
            context.Data[CounterName] = ((ushort)(counter + 1)).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            CryptographicOperations.ZeroMemory(value);
            context.Changed = true;
            return new ResponseApdu(StatusWords.Success);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Off-card helper (the provider's side of mode 1): the PUT DATA MAC under the purse's current key.</summary>
    public static byte[] PutDataMac(ReadOnlySpan<byte> purseKey, byte p1, byte p2, ReadOnlySpan<byte> value, ushort counter)
    {
        var input = new byte[4 + value.Length + 2];
        input[0] = 0x80;
        input[1] = 0xDA;
        input[2] = p1;
        input[3] = p2;
        value.CopyTo(input.AsSpan(4));
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(4 + value.Length), counter);
        return DesMac.Retail(new DesCipher(purseKey[..8]), new DesCipher(purseKey), new byte[8], input);
    }

    private static ResponseApdu GetBalance(CommandApdu command, AppletContext context)
    {
        if (command.P1 != 0x00 || command.P2 != 0x02)
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        return context.Data.TryGetValue(BalanceName, out var balance)
            ? new ResponseApdu(Hex.Parse(balance), StatusWords.Success)
            : new ResponseApdu(StatusWords.ConditionsNotSatisfied);
    }

    private static ResponseApdu Debit(CommandApdu command, AppletContext context)
    {
        if (command.P1 != 0x00 || command.P2 != 0x00)
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        if (command.Data.Length != 12)
            return new ResponseApdu(StatusWords.WrongLength);
        if (!context.Data.TryGetValue(KeyName, out var keyHex) || !context.Data.TryGetValue(BalanceName, out var balanceHex))
            return new ResponseApdu(StatusWords.ConditionsNotSatisfied);
        var data = command.Data.Span;
        var amount = BinaryPrimitives.ReadUInt32BigEndian(data);
        var counter = ushort.Parse(context.Data.GetValueOrDefault(CounterName, "0000"), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        var key = Hex.Parse(keyHex);
        Span<byte> macInput = stackalloc byte[6];
        data[..4].CopyTo(macInput);
        BinaryPrimitives.WriteUInt16BigEndian(macInput[4..], counter);
        var expected = DesMac.Retail(new DesCipher(key.AsSpan(0, 8)), new DesCipher(key), new byte[8], macInput);
        CryptographicOperations.ZeroMemory(key);
        if (!CryptographicOperations.FixedTimeEquals(expected, data[4..]))
            return new ResponseApdu(StatusWords.SecurityStatusNotSatisfied);
        var balance = BinaryPrimitives.ReadUInt32BigEndian(Hex.Parse(balanceHex));
        if (amount > balance)
            return new ResponseApdu(StatusWords.ConditionsNotSatisfied);
        balance -= amount;
        counter++;
        var result = new byte[6];
        BinaryPrimitives.WriteUInt32BigEndian(result, balance);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), counter);
        context.Data[BalanceName] = Hex.Format(result.AsSpan(0, 4));
        context.Data[CounterName] = Hex.Format(result.AsSpan(4, 2));
        context.Changed = true;
        return new ResponseApdu(result, StatusWords.Success);
    }

    /// <summary>Off-card helper (terminal side): the DEBIT MAC for an amount and the current counter.</summary>
    public static byte[] DebitMac(ReadOnlySpan<byte> purseKey, uint amount, ushort counter)
    {
        Span<byte> input = stackalloc byte[6];
        BinaryPrimitives.WriteUInt32BigEndian(input, amount);
        BinaryPrimitives.WriteUInt16BigEndian(input[4..], counter);
        return DesMac.Retail(new DesCipher(purseKey[..8]), new DesCipher(purseKey), new byte[8], input);
    }
}
