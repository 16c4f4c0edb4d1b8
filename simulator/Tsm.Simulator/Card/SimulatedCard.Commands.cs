using System.Buffers.Binary;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Protocol.Scp03;
using Tsm.Protocol.Tlv;

namespace Tsm.Simulator.Card;

// GET DATA, GET STATUS, SET STATUS, PUT KEY, STORE DATA (GP 2.2.1 chapter 11).
public sealed partial class SimulatedCard
{
    /// <summary>Largest response data a GET STATUS block carries before 6310 (short Le).</summary>
    private const int StatusBlockSize = 240;

    /// <summary>GET DATA (GP 2.2.1 §11.3): 66, E0, C1, 9F7F, FF21, 42, 45, and the registration data 2F14 / 1047 (requirement 5.5.2).</summary>
    private ResponseApdu GetData(LogicalChannel channel, CommandApdu command)
    {
        var sd = channel.Selected is { IsSecurityDomain: true } selected ? selected : FindIsd()!;
        var domain = sd.SecurityDomain!;
        var tag = (ushort)((command.P1 << 8) | command.P2);
        byte[]? data = tag switch
        {
            0x0066 => CardDataOf(sd),
            // GP 2.2.1 §11.3.3.1 (tables 11-27/11-28): one Key Information Data object per key — ENC, MAC and DEK are
            // key ids 01, 02 and 03 of each version: double-length DES keys (type 80) for SCP02, AES keys (88) for SCP03.
            0x00E0 => KeyInformation.Encode(domain.KeySets.SelectMany(k => new[] { (Id: (byte)0x01, Key: k.Enc), (Id: (byte)0x02, Key: k.Mac), (Id: (byte)0x03, Key: k.Dek) }
                .Select(key => new KeyInformation(key.Id, k.Version, ValueList.Create<KeyComponentInfo>([new(k.Scp == 0x03 ? KeyComponent.Aes : KeyComponent.Des, key.Key.Length / 2)]))))),
            0x00C1 => domain.KeySets.FirstOrDefault() is { } keySet ? SequenceCounter.Encode(keySet.SequenceCounter) : null,
            0x9F7F => _image.Cplc.Length == 84 ? Cplc.Parse(Hex.Parse(_image.Cplc)).ToTlv() : null,
            0xFF21 => ExtendedResources(sd),
            0x0042 when _image.Iin.Length > 0 => Wrap(0x42, Hex.Parse(_image.Iin)),
            0x0045 when _image.Cin.Length > 0 => Wrap(0x45, Hex.Parse(_image.Cin)),
            0x2F14 or 0x1047 => domain.StoredData.TryGetValue(tag.ToString("X4", System.Globalization.CultureInfo.InvariantCulture), out var stored)
                ? Wrap(tag, Hex.Parse(stored))
                : null,
            _ => null,
        };
        return data is null ? Status(StatusWords.ReferencedDataNotFound) : new ResponseApdu(data, StatusWords.Success);
    }

    private static byte[] Wrap(uint tag, ReadOnlySpan<byte> value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        BerTlvWriter.WritePrimitive(buffer, new BerTag(tag), value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>FF21 (ETSI TS 102 226 §8.2.1.7.2) for the selected SD: its fixed space when it has one, else the card's.</summary>
    private byte[] ExtendedResources(ApplicationRecord sd)
    {
        var account = AccountOf(sd.Aid);
        var free = FreeSpace(account);
        var installed = _image.Applications.Count(a => !IsIsd(a) && (account is null || SameAccount(AccountOf(a.AssociatedSd), account)));
        return new ExtendedCardResources(installed, Math.Max(0, free.NonVolatile), Math.Max(0, free.Volatile)).ToArray();
    }

    /// <summary>
    /// GET STATUS (GP 2.2.1 §11.4): the ISD sees the whole registry, another SD only its own content. Entries that
    /// do not fit one response are kept for P2 "next" and announced with 6310.
    /// </summary>
    private ResponseApdu GetStatus(LogicalChannel channel, CommandApdu command)
    {
        GetStatusCommand request;
        try
        {
            request = GetStatusCommand.Parse(command);
        }
        catch (GpFormatException)
        {
            // GP 2.2.1 §11.1.3: an undefined P1 (Table 11-32) or RFU bits in P2 (Table 11-33) are 6A86, not data errors.
            var badP1P2 = !Enum.IsDefined((GetStatusScope)command.P1) || (command.P2 & ~0x03) != 0;
            return Status(badP1P2 ? StatusWords.IncorrectP1P2 : StatusWords.IncorrectData);
        }
        if (request.Next)
        {
            if (channel.StatusContinuation is null || channel.StatusScope != request.Scope)
                return Status(StatusWords.ConditionsNotSatisfied);
            return NextStatusBlock(channel);
        }
        var sd = channel.Selected!;
        var everything = IsIsd(sd) || PrivilegesOf(sd).Has(Privileges.GlobalRegistry);
        var prefix = Hex.Format(request.SearchAid.Span);
        var entries = RegistryEntries(request.Scope)
            .Where(e => everything || e.AssociatedSecurityDomainAid?.ToString() == sd.Aid || e.Aid.ToString() == sd.Aid)
            .Where(e => e.Aid.ToString().StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        if (entries.Count == 0)
            return Status(StatusWords.ReferencedDataNotFound);
        channel.StatusContinuation = new Queue<RegistryEntry>(entries);
        channel.StatusFormat = request.Format;
        channel.StatusScope = request.Scope;
        return NextStatusBlock(channel);
    }

    private ResponseApdu NextStatusBlock(LogicalChannel channel)
    {
        var queue = channel.StatusContinuation!;
        var block = new List<RegistryEntry>();
        var size = 0;
        while (queue.Count > 0)
        {
            var entry = queue.Peek();
            var entrySize = channel.StatusFormat == GetStatusFormat.Tlv
                ? entry.ToArray().Length
                : GetStatusResponse.EncodeLegacy([entry], channel.StatusScope).Length;
            if (block.Count > 0 && size + entrySize > StatusBlockSize)
                break;
            block.Add(queue.Dequeue());
            size += entrySize;
        }
        var data = channel.StatusFormat == GetStatusFormat.Tlv
            ? GetStatusResponse.EncodeTlv(block)
            : GetStatusResponse.EncodeLegacy(block, channel.StatusScope);
        if (queue.Count > 0)
            return new ResponseApdu(data, StatusWords.MoreData);
        channel.StatusContinuation = null;
        return new ResponseApdu(data, StatusWords.Success);
    }

    private IEnumerable<RegistryEntry> RegistryEntries(GetStatusScope scope)
    {
        switch (scope)
        {
            case GetStatusScope.IssuerSecurityDomain:
                var isd = FindIsd()!;
                yield return new RegistryEntry(Aid.Parse(isd.Aid), _image.LifeCycle, PrivilegesOf(isd));
                break;
            case GetStatusScope.ApplicationsAndSecurityDomains:
                foreach (var app in _image.Applications.Where(a => !IsIsd(a)))
                {
                    yield return new RegistryEntry(
                        Aid.Parse(app.Aid), app.LifeCycle, PrivilegesOf(app),
                        ExecutableLoadFileAid: app.LoadFileAid.Length > 0 ? Aid.Parse(app.LoadFileAid) : null,
                        AssociatedSecurityDomainAid: Aid.Parse(app.AssociatedSd));
                }
                break;
            default:
                var withModules = scope == GetStatusScope.ExecutableLoadFilesAndModules;
                foreach (var file in _image.LoadFiles)
                {
                    yield return new RegistryEntry(
                        Aid.Parse(file.Aid), LifeCycle.Loaded,
                        Version: VersionBytes(file.Version),
                        ModuleAids: withModules ? ValueList.Create<Aid>([.. file.Modules.Select(Aid.Parse)]) : null,
                        AssociatedSecurityDomainAid: Aid.Parse(file.AssociatedSd));
                }
                // A torn or unfinished LOAD shows as a load file without modules, so the platform can find and delete it (requirement 5.8.8).
                if (_image.PendingLoad is { } pending)
                    yield return new RegistryEntry(Aid.Parse(pending.LoadFileAid), LifeCycle.Loaded, AssociatedSecurityDomainAid: Aid.Parse(pending.AssociatedSd));
                break;
        }
    }

    private static ByteString VersionBytes(string version)
    {
        var parts = version.Split('.');
        return parts.Length == 2 && byte.TryParse(parts[0], out var major) && byte.TryParse(parts[1], out var minor)
            ? new byte[] { major, minor }
            : default;
    }

    /// <summary>
    /// SET STATUS (GP 2.2.1 §11.10): card life cycle through the ISD; lock and unlock of applications and SDs by
    /// the ISD or their own SD; an SD may move itself to PERSONALIZED.
    /// </summary>
    private ResponseApdu SetStatus(LogicalChannel channel, CommandApdu command)
    {
        SetStatusCommand request;
        try
        {
            request = SetStatusCommand.Parse(command);
        }
        catch (GpFormatException)
        {
            return Status(command.P1 is 0x80 or 0x40 or 0x60 ? StatusWords.IncorrectData : StatusWords.IncorrectP1P2);
        }
        var sd = channel.Selected!;
        if (request.Scope == SetStatusScope.IssuerSecurityDomain)
            return SetCardLifeCycle(sd, request.TargetState);
        if (request.Aid is null)
            return Status(StatusWords.IncorrectData);
        var target = FindApplication(request.Aid.ToString());
        if (target is null || IsIsd(target))
            return Status(target is null ? StatusWords.ReferencedDataNotFound : StatusWords.ConditionsNotSatisfied);
        var authorised = IsIsd(sd) || target.AssociatedSd == sd.Aid || target == sd;
        if (!authorised)
            return Status(StatusWords.ConditionsNotSatisfied);
        if (request.Scope == SetStatusScope.SecurityDomainAndApplications && !target.IsSecurityDomain)
            return Status(StatusWords.IncorrectData);
        var targets = request.Scope == SetStatusScope.SecurityDomainAndApplications
            ? [target, .. _image.Applications.Where(a => a.AssociatedSd == target.Aid && a != target)]
            : new List<ApplicationRecord> { target };
        var wantLock = (request.TargetState & LifeCycle.LockedBit) != 0;
        if (target.IsSecurityDomain && !wantLock && request.TargetState == LifeCycle.Personalized && target == sd)
        {
            if (target.LifeCycle == LifeCycle.Personalized)
                return Status(StatusWords.IncorrectData);
            target.LifeCycle = LifeCycle.Personalized;
            MarkChanged();
            return Status(StatusWords.Success);
        }
        if ((request.TargetState & 0x7F) != 0 && request.TargetState != LifeCycle.LockedBit)
            return Status(StatusWords.IncorrectData);
        if (LifeCycle.IsLocked(target.LifeCycle) == wantLock)
            return Status(StatusWords.IncorrectData); // GP 11.10.2: a transition to the current state is refused
        foreach (var app in targets)
        {
            app.LifeCycle = wantLock ? (byte)(app.LifeCycle | LifeCycle.LockedBit) : LifeCycle.Unlocked(app.LifeCycle);
            if (wantLock)
                DeselectEverywhere(app);
        }
        MarkChanged();
        return Status(StatusWords.Success);
    }

    private ResponseApdu SetCardLifeCycle(ApplicationRecord sd, byte target)
    {
        if (!IsIsd(sd))
            return Status(StatusWords.ConditionsNotSatisfied);
        var current = _image.LifeCycle;
        var allowed = (current, target) switch
        {
            (0x01, 0x07) or (0x01, 0x0F) or (0x07, 0x0F) => true,
            (0x0F, 0x7F) or (0x7F, 0x0F) => true,
            (_, 0xFF) when current != 0xFF => true,
            _ => false,
        };
        if (!allowed)
            return Status(StatusWords.IncorrectData);
        _image.LifeCycle = target;
        if (target == (byte)CardLifeCycle.CardLocked)
        {
            foreach (var channel in _channels.Where(c => c.Selected is { } s && !IsIsd(s)))
                channel.Clear();
        }
        MarkChanged();
        return Status(StatusWords.Success);
    }

    private void DeselectEverywhere(ApplicationRecord app)
    {
        foreach (var channel in _channels.Where(c => c.Selected == app))
            channel.Clear();
    }

    /// <summary>
    /// PUT KEY (GP 2.2.1 §11.8): adds a key set (P1 00) or replaces one (P1 = old KVN) of the selected SD. In an SCP02
    /// session the keys are DES keys (type 80) encrypted under the session DEK; in an SCP03 session AES keys (type 88)
    /// of 16, 24 or 32 bytes encrypted under the static Key-DEK (GP Amendment D §7.2), and the new set is an SCP03 set.
    /// Each KCV is checked. The new set's sequence counter starts at 0.
    /// </summary>
    private ResponseApdu PutKey(LogicalChannel channel, CommandApdu command)
    {
        PutKeyCommand request;
        try
        {
            request = PutKeyCommand.Parse(command);
        }
        catch (GpFormatException)
        {
            return Status(StatusWords.IncorrectData);
        }
        var domain = channel.Selected!.SecurityDomain!;
        if (request.Keys.Count != 3 || (request.KeyId & 0x7F) != 0x01)
            return Status(StatusWords.IncorrectData);
        var aesChannel = channel.Session?.Channel as Scp03CardChannel;
        Func<byte[], byte[]> checkValue = aesChannel is null ? k => DesMac.KeyCheckValue(k) : k => Scp03Crypto.KeyCheckValue(k);
        var plainKeys = new List<byte[]>();
        foreach (var key in request.Keys)
        {
            if (key.Type != (aesChannel is null ? KeyComponent.Des : KeyComponent.Aes))
                return Status(StatusWords.AlgorithmNotSupported);
            byte[]? plain;
            if (aesChannel is not null)
            {
                plain = aesChannel.DecryptKey(key.EncryptedValue.Span);
                if (plain is null)
                    return Status(StatusWords.IncorrectData);
            }
            else
            {
                if (key.EncryptedValue.Length != 16)
                    return Status(StatusWords.IncorrectData);
                plain = DecryptSensitive(channel, key.EncryptedValue.Span);
                if (plain is null)
                    return Status(StatusWords.SecurityStatusNotSatisfied);
            }
            if (key.Kcv.Length > 0 && !checkValue(plain).AsSpan().SequenceEqual(key.Kcv.Span))
                return Status(StatusWords.InvalidKeyCheckValue);
            plainKeys.Add(plain);
        }
        KeySetRecord? replaced = null;
        if (request.OldKeyVersionNumber == 0x00)
        {
            if (domain.KeySets.Any(k => k.Version == request.NewKeyVersionNumber))
                return Status(StatusWords.IncorrectData);
            if (domain.KeySets.Count >= domain.MaxKeys)
                return Status(StatusWords.NotEnoughMemory);
        }
        else
        {
            replaced = domain.KeySets.FirstOrDefault(k => k.Version == request.OldKeyVersionNumber);
            if (replaced is null)
                return Status(StatusWords.ReferencedDataNotFound);
            if (request.NewKeyVersionNumber != request.OldKeyVersionNumber && domain.KeySets.Any(k => k.Version == request.NewKeyVersionNumber))
                return Status(StatusWords.IncorrectData);
        }
        var record = new KeySetRecord
        {
            Version = request.NewKeyVersionNumber,
            Enc = Hex.Format(plainKeys[0]),
            Mac = Hex.Format(plainKeys[1]),
            Dek = Hex.Format(plainKeys[2]),
            Scp = aesChannel is null ? (byte)0x02 : (byte)0x03,
            SequenceCounter = 0,
        };
        if (replaced is not null)
            domain.KeySets[domain.KeySets.IndexOf(replaced)] = record;
        else
            domain.KeySets.Add(record);
        MarkChanged();
        var response = new List<byte> { request.NewKeyVersionNumber };
        foreach (var key in plainKeys)
        {
            response.AddRange(checkValue(key));
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
        return new ResponseApdu(response.ToArray(), StatusWords.Success);
    }

    /// <summary>
    /// STORE DATA (GP 2.2.1 §11.11): forwarded to the instance named by INSTALL [for personalization], or kept by
    /// the SD itself. For the ISD this is the registration data of requirement 5.5.2: DGI 2F14 (MSISDN) and DGI 1047
    /// (token and IMSI digest, table 5-1: 01 L token, 02 L digest).
    /// </summary>
    private ResponseApdu StoreData(LogicalChannel channel, CommandApdu command)
    {
        StoreDataCommand request;
        try
        {
            // P1 b3-b1 are RFU (GP 2.2.1 Table 11-81): ignored, as cards in the field do (GlobalPlatformPro sends 81).
            request = StoreDataCommand.Parse((command.P1 & 0x07) == 0 ? command
                : new CommandApdu(command.Cla, command.Ins, (byte)(command.P1 & ~0x07), command.P2, command.Data, command.Ne, command.IsExtended));
        }
        catch (GpFormatException)
        {
            return Status(StatusWords.IncorrectP1P2);
        }
        if (request.BlockNumber != channel.NextStoreDataBlock)
        {
            channel.StoreDataBuffer = null;
            channel.NextStoreDataBlock = 0;
            return Status(StatusWords.IncorrectP1P2);
        }
        ReadOnlySpan<byte> data = request.Data.Span;
        if (request.Encryption == StoreDataEncryption.Encrypted)
        {
            // GP 2.2.1 Table 11-81: b7-b6 = 11, the value fields of the data structures are encrypted (their headers
            // are clear); with no structure given, the whole data field is.
            var decrypted = request.Structure == StoreDataStructure.Dgi
                ? DecryptDgiValues(data, d => DecryptSensitive(channel, d))
                : DecryptSensitive(channel, data);
            if (decrypted is null)
                return Status(StatusWords.IncorrectData);
            data = decrypted;
        }
        channel.NextStoreDataBlock = request.IsLastBlock ? 0 : request.BlockNumber + 1;
        if (channel.PersonalizationTarget is { } targetAid)
        {
            var target = FindApplication(targetAid);
            if (target is null)
                return Status(StatusWords.ReferencedDataNotFound);
            var context = new Applets.AppletContext(target, true);
            var response = BehaviourOf(target).Personalize(data, request.Structure == StoreDataStructure.Dgi, request.IsLastBlock, context);
            if (context.Changed)
                MarkChanged();
            if (request.IsLastBlock)
                channel.PersonalizationTarget = null;
            return response;
        }
        channel.StoreDataBuffer ??= [];
        channel.StoreDataBuffer.AddRange(data.ToArray());
        if (!request.IsLastBlock)
            return Status(StatusWords.Success);
        var all = channel.StoreDataBuffer.ToArray();
        channel.StoreDataBuffer = null;
        return StoreIntoSecurityDomain(channel.Selected!, all, request.Structure);
    }

    /// <summary>DGIs with each value decrypted (whole DES blocks under the session DEK), or null when malformed.</summary>
    internal static byte[]? DecryptDgiValues(ReadOnlySpan<byte> data, Func<byte[], byte[]?> decrypt)
    {
        ValueList<Dgi> dgis;
        try
        {
            dgis = Dgi.ParseAll(data);
        }
        catch (GpFormatException)
        {
            return null;
        }
        var result = new List<byte>(data.Length);
        foreach (var dgi in dgis)
        {
            var plain = decrypt(dgi.Value.ToArray());
            if (plain is null)
                return null;
            result.AddRange(new Dgi(dgi.Tag, plain).ToArray());
        }
        return [.. result];
    }

    private ResponseApdu StoreIntoSecurityDomain(ApplicationRecord sd, byte[] data, StoreDataStructure structure)
    {
        if (structure != StoreDataStructure.Dgi)
            return Status(StatusWords.IncorrectP1P2);
        ValueList<Dgi> dgis;
        try
        {
            dgis = Dgi.ParseAll(data);
        }
        catch (GpFormatException)
        {
            return Status(StatusWords.IncorrectData);
        }
        foreach (var dgi in dgis)
        {
            if (dgi.Tag == 0x1047 && !IsValidTokenAndImsiDigest(dgi.Value.Span))
                return Status(StatusWords.IncorrectData);
            if (dgi.Tag == 0x2F14 && (dgi.Value.Length is 0 or > 16))
                return Status(StatusWords.IncorrectData);
        }
        foreach (var dgi in dgis)
            sd.SecurityDomain!.StoredData[dgi.Tag.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)] = Hex.Format(dgi.Value.Span);
        MarkChanged();
        return Status(StatusWords.Success);
    }

    /// <summary>Requirement 5.5.2 table 5-1: <c>01 X token 02 Y IMSI-digest</c>, both present, nothing else.</summary>
    private static bool IsValidTokenAndImsiDigest(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || value[0] != 0x01)
            return false;
        var tokenLength = value[1];
        if (tokenLength == 0 || 2 + tokenLength + 2 > value.Length)
            return false;
        var rest = value[(2 + tokenLength)..];
        return rest[0] == 0x02 && rest[1] > 0 && rest.Length == 2 + rest[1];
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadUInt16BigEndian(span);
}
