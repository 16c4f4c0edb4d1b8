using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.GlobalPlatform;
using Tsm.Simulator.Card.Applets;

namespace Tsm.Simulator.Card;

// Card content management: INSTALL, LOAD, DELETE (GP 2.2.1 §9, §11.2, §11.5, §11.6).
public sealed partial class SimulatedCard
{
    private ResponseApdu Install(LogicalChannel channel, CommandApdu command)
    {
        InstallCommand request;
        try
        {
            request = InstallCommand.Parse(command);
        }
        catch (GpFormatException)
        {
            return Status((command.P1 & 0x7F) is 0x02 or 0x04 or 0x08 or 0x0C or 0x10 or 0x20 or 0x40
                ? StatusWords.IncorrectData
                : StatusWords.IncorrectP1P2);
        }
        var sd = channel.Selected!;
        var session = channel.Session!;
        if (CheckInstallToken(sd, command, request) is { } refused)
            return refused;
        return request switch
        {
            InstallForLoad load => InstallForLoad(sd, session, load),
            InstallForInstall install => Confirm(sd, InstallForInstall(sd, install), c => ReceiptData.Install(c, install.ExecutableLoadFileAid, install.ApplicationAid)),
            InstallForMakeSelectable selectable => Confirm(sd, MakeSelectable(sd, selectable), c => ReceiptData.Install(c, LoadFileOf(selectable.ApplicationAid), selectable.ApplicationAid)),
            InstallForExtradition extradition => ExtraditeConfirmed(sd, extradition),
            InstallForPersonalization perso => PrepareForPersonalization(channel, sd, perso),
            InstallForRegistryUpdate update => UpdateRegistry(sd, update),
            _ => Status(StatusWords.IncorrectP1P2),
        };
    }

    private Aid LoadFileOf(Aid applicationAid) =>
        Aid.Parse(FindApplication(applicationAid.ToString())?.LoadFileAid is { Length: > 0 } elf ? elf : applicationAid.ToString());

    /// <summary>Extradition with its receipt (C.5.3), which names the SD the content left.</summary>
    private ResponseApdu ExtraditeConfirmed(ApplicationRecord sd, InstallForExtradition request)
    {
        var aid = request.ApplicationAid.ToString();
        var oldSd = FindApplication(aid)?.AssociatedSd ?? FindLoadFile(aid)?.AssociatedSd;
        var done = Extradite(sd, request);
        return oldSd is null ? done : Confirm(sd, done, c => ReceiptData.Extradition(c, Aid.Parse(oldSd), request.ApplicationAid, request.SecurityDomainAid));
    }

    /// <summary>INSTALL [for load] (§11.5.2.3.1): checks authority, memory and the target SD, and starts the load.</summary>
    private ResponseApdu InstallForLoad(ApplicationRecord sd, SecureSession session, InstallForLoad request)
    {
        if (!MayManageContent(sd))
            return Status(StatusWords.ConditionsNotSatisfied);
        var aid = request.LoadFileAid.ToString();
        if (FindLoadFile(aid) is not null || FindApplication(aid) is not null)
            return Status(StatusWords.ConditionsNotSatisfied);
        if (_image.PendingLoad is not null)
            return Status(StatusWords.ConditionsNotSatisfied); // delete the torn load first (requirement 5.8.8)
        var target = request.SecurityDomainAid is { } sdAid ? FindApplication(sdAid.ToString()) : sd;
        if (target is not { IsSecurityDomain: true })
            return Status(StatusWords.ReferencedDataNotFound);
        if (target != sd && (!IsIsd(sd) || !target.SecurityDomain!.AcceptsExtradition))
            return Status(StatusWords.ConditionsNotSatisfied);
        LoadParameters parameters;
        try
        {
            parameters = request.LoadParameters.Length == 0 ? new LoadParameters() : LoadParameters.Parse(request.LoadParameters.Span);
        }
        catch (GpFormatException)
        {
            return Status(StatusWords.IncorrectData);
        }
        if (request.Hash.Length is not (0 or 20))
            return Status(StatusWords.IncorrectData);
        var declared = (long?)parameters.NonVolatileCodeMinimum;
        if (declared is { } code && code > FreeSpace(AccountOf(target.Aid)).NonVolatile)
            return Status(StatusWords.NotEnoughMemory);
        _image.PendingLoad = new PendingLoad
        {
            LoadFileAid = aid,
            AssociatedSd = target.Aid,
            Hash = request.Hash.Length > 0 ? Hex.Format(request.Hash.Span) : null,
            DeclaredCodeSize = declared,
        };
        session.LoadStarted = true;
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    /// <summary>
    /// LOAD (§11.6): blocks in sequence, in the session that accepted INSTALL [for load]. The last block links the
    /// load file: hash and DAP checks, package AID, imports; only then does it appear with its modules.
    /// </summary>
    private ResponseApdu Load(LogicalChannel channel, CommandApdu command)
    {
        LoadCommand request;
        try
        {
            request = LoadCommand.Parse(command);
        }
        catch (GpFormatException)
        {
            return Status(StatusWords.IncorrectP1P2);
        }
        var pending = _image.PendingLoad;
        if (pending is null || channel.Session is not { LoadStarted: true })
            return Status(StatusWords.ConditionsNotSatisfied);
        if (request.BlockNumber != pending.NextBlock)
            return Status(StatusWords.IncorrectP1P2);
        var account = AccountOf(pending.AssociatedSd);
        var free = FreeSpace(account).NonVolatile;
        // The pending load is already counted at max(received, declared); only growth beyond that needs room.
        var growth = pending.ReceivedLength + request.Block.Length - Math.Max(pending.ReceivedLength, pending.DeclaredCodeSize ?? 0);
        if (growth > free)
            return AbortLoad(channel.Session, StatusWords.NotEnoughMemory);
        pending.Blocks.Add(Hex.Format(request.Block.Span));
        pending.ReceivedLength += request.Block.Length;
        pending.NextBlock++;
        MarkChanged();
        if (!request.IsLastBlock)
            return Status(StatusWords.Success);
        channel.Session.LoadStarted = false;
        if (NeedsToken(channel.Selected!) && ReceiptsExhausted())
            return AbortLoad(channel.Session, StatusWords.ConditionsNotSatisfied);
        var (loadFileAid, sdAid) = (Aid.Parse(pending.LoadFileAid), Aid.Parse(pending.AssociatedSd));
        var linked = Link(pending);
        return linked.StatusWord == StatusWords.Success
            ? Confirm(channel.Selected!, linked, c => ReceiptData.Load(c, loadFileAid, sdAid))
            : AbortLoad(channel.Session, linked.StatusWord);
    }

    /// <summary>
    /// GP 2.2.1 §9.3.5: when resources are insufficient or a verification fails, the OPEN terminates the load, returns
    /// the error and reclaims the memory allocated to it — nothing is left to delete.
    /// </summary>
    private ResponseApdu AbortLoad(SecureSession session, StatusWord statusWord)
    {
        _image.PendingLoad = null;
        session.LoadStarted = false;
        MarkChanged();
        return Status(statusWord);
    }

    private ResponseApdu Link(PendingLoad pending)
    {
        var bytes = pending.Blocks.SelectMany(Hex.Parse).ToArray();
        LoadFile loadFile;
        try
        {
            loadFile = LoadFileParser.Parse(bytes);
        }
        catch (GpFormatException)
        {
            return Status(StatusWords.IncorrectData);
        }
        if (loadFile.IsCiphered)
            return Status(StatusWords.IncorrectData); // ciphered load file data blocks need the Ciphered Load File privilege, not offered here
        var dataBlock = loadFile.DataBlock.Span;
        var hash = SHA1.HashData(dataBlock);
        if (pending.Hash is { } expected && !Hex.Format(hash).Equals(expected, StringComparison.OrdinalIgnoreCase))
            return Status(StatusWords.IncorrectData);
        if (!VerifyDaps(pending, loadFile, hash))
            return Status(StatusWords.SecurityStatusNotSatisfied);
        var info = LoadFileDataBlockInfo.TryRead(dataBlock);
        if (info is null || !info.PackageAid.Equals(pending.LoadFileAid, StringComparison.OrdinalIgnoreCase))
            return Status(StatusWords.IncorrectData);
        foreach (var (aid, major, minor) in info.Imports)
        {
            var available = FindLoadFile(aid);
            if (available is null || !IsCompatible(available.Version, major, minor))
                return Status(StatusWords.ImportedPackageMissing);
        }
        _image.LoadFiles.Add(new LoadFileRecord
        {
            Aid = pending.LoadFileAid,
            AssociatedSd = pending.AssociatedSd,
            Version = info.Version,
            Modules = [.. info.AppletAids],
            Imports = [.. info.Imports.Select(i => i.Aid)],
            CodeSize = dataBlock.Length,
        });
        _image.PendingLoad = null;
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    private static bool IsCompatible(string version, byte major, byte minor)
    {
        var parts = version.Split('.');
        return parts.Length == 2 && byte.TryParse(parts[0], out var haveMajor) && byte.TryParse(parts[1], out var haveMinor)
            && haveMajor == major && haveMinor >= minor;
    }

    /// <summary>INSTALL [for install] (and make selectable) (§11.5.2.3.2): creates an instance or a supplementary SD.</summary>
    private ResponseApdu InstallForInstall(ApplicationRecord sd, InstallForInstall request)
    {
        if (!MayManageContent(sd))
            return Status(StatusWords.ConditionsNotSatisfied);
        var file = FindLoadFile(request.ExecutableLoadFileAid.ToString());
        if (file is null)
            return Status(StatusWords.ReferencedDataNotFound);
        var moduleAid = request.ModuleAid.ToString();
        if (!file.Modules.Contains(moduleAid, StringComparer.OrdinalIgnoreCase))
            return Status(StatusWords.ReferencedDataNotFound);
        var appAid = request.ApplicationAid.ToString();
        if (FindApplication(appAid) is not null || FindLoadFile(appAid) is not null)
            return Status(StatusWords.ConditionsNotSatisfied);
        InstallParameters parameters;
        try
        {
            parameters = InstallParameters.Parse(request.InstallParameters.Span);
        }
        catch (GpFormatException)
        {
            return Status(StatusWords.IncorrectData);
        }
        var privileges = request.Privileges;
        var isSd = privileges.Has(Privileges.SecurityDomain);
        // Card-wide privileges are the ISD's to hold (GP 2.2.1 §6.6.1).
        if (privileges.Has(Privileges.CardLock) || privileges.Has(Privileges.CardTerminate) || privileges.Has(Privileges.MandatedDap))
            return Status(StatusWords.ConditionsNotSatisfied);
        var record = new ApplicationRecord
        {
            Aid = appAid,
            LoadFileAid = file.Aid,
            ModuleAid = moduleAid,
            AssociatedSd = sd.Aid,
            LifeCycle = request.MakeSelectable ? LifeCycle.Selectable : LifeCycle.Installed,
            Privileges = Hex.Format(privileges.ToArray()),
            InstallParameters = Hex.Format(parameters.ApplicationSpecific.Span),
            NonVolatileCharge = parameters.NonVolatileQuota ?? _image.Memory.DefaultInstanceNonVolatile,
            VolatileCharge = parameters.VolatileQuota ?? _image.Memory.DefaultInstanceVolatile,
            Behaviour = isSd ? AppletBehaviours.SecurityDomain : BehaviourForModule(moduleAid),
        };
        if (isSd)
        {
            var domain = NewSecurityDomain(sd, privileges, parameters);
            if (domain is null)
                return Status(StatusWords.IncorrectData);
            record.SecurityDomain = domain;
        }
        var free = FreeSpace(AccountOf(sd.Aid));
        var needNv = record.NonVolatileCharge + (record.SecurityDomain?.FixedNonVolatile ?? 0);
        var needV = record.VolatileCharge + (record.SecurityDomain?.FixedVolatile ?? 0);
        if (needNv > free.NonVolatile || needV > free.Volatile)
            return Status(StatusWords.NotEnoughMemory);
        _image.Applications.Add(record);
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    /// <summary>
    /// A new supplementary SD from its CMS2AC install parameters (C9 tags 45–4A). It starts with one key set — the
    /// version from tag 46 (default 01) holding the creating SD's current keys as transport keys — which the
    /// platform replaces with PUT KEY (requirement 5.8.3.1).
    /// </summary>
    private static SecurityDomainRecord? NewSecurityDomain(ApplicationRecord creator, Privileges privileges, InstallParameters parameters)
    {
        Cms2acSdParameters cms2ac;
        try
        {
            cms2ac = parameters.ApplicationSpecific.Length == 0
                ? new Cms2acSdParameters(null, null, null, null, null, null, null)
                : Cms2acSdParameters.Parse(parameters.ApplicationSpecific.Span);
        }
        catch (GpFormatException)
        {
            return null;
        }
        if (cms2ac.ScpIdentifier is { } scp && scp is not (0x02 or 0x03))
            return null;
        var transport = creator.SecurityDomain!.KeySets.First();
        var mode = privileges.Has(Privileges.DapVerification) ? 3 : privileges.Has(Privileges.DelegatedManagement) ? 4 : 2;
        return new SecurityDomainRecord
        {
            Mode = mode,
            KeySets = [new KeySetRecord { Version = cms2ac.KeyVersionNumber ?? 0x01, Enc = transport.Enc, Mac = transport.Mac, Dek = transport.Dek, Scp = cms2ac.ScpIdentifier ?? transport.Scp }],
            AcceptsExtradition = cms2ac.AcceptsExtradition ?? true,
            MayDeleteItself = cms2ac.MayDeleteItself ?? true,
            AcceptsIsdInitiatedDeletion = cms2ac.AcceptsIsdInitiatedDeletion ?? true,
            MaxFailedAuthentications = cms2ac.MaxAuthenticationFailures ?? 0xFF,
            FixedNonVolatile = cms2ac.ManagedSpace?.NonVolatile,
            FixedVolatile = cms2ac.ManagedSpace?.Volatile,
            MaxKeys = cms2ac.MaxKeys ?? 16,
        };
    }

    /// <summary>The behaviour an instance of a module runs: the card's module map (exact AID or prefix), else generic.</summary>
    private string BehaviourForModule(string moduleAid)
    {
        if (moduleAid.Equals(MifareCardManagerAid, StringComparison.OrdinalIgnoreCase))
            return AppletBehaviours.MifareCardManager;
        foreach (var (prefix, behaviour) in _image.ModuleBehaviours.OrderByDescending(p => p.Key.Length))
        {
            if (moduleAid.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return behaviour;
        }
        return AppletBehaviours.Generic;
    }

    /// <summary>The Mifare Card Manager's AID (requirement 5.8.10.1).</summary>
    public const string MifareCardManagerAid = "A0000003964D66344D0002";

    private ResponseApdu MakeSelectable(ApplicationRecord sd, InstallForMakeSelectable request)
    {
        var app = FindApplication(request.ApplicationAid.ToString());
        if (app is null)
            return Status(StatusWords.ReferencedDataNotFound);
        if (!IsIsd(sd) && app.AssociatedSd != sd.Aid)
            return Status(StatusWords.ConditionsNotSatisfied);
        if (app.LifeCycle != LifeCycle.Installed)
            return Status(StatusWords.ConditionsNotSatisfied);
        app.LifeCycle = LifeCycle.Selectable;
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    /// <summary>INSTALL [for extradition] (§11.5.2.3.5): moves an instance or load file to another SD that accepts it.</summary>
    private ResponseApdu Extradite(ApplicationRecord sd, InstallForExtradition request)
    {
        var target = FindApplication(request.SecurityDomainAid.ToString());
        if (target is not { IsSecurityDomain: true })
            return Status(StatusWords.ReferencedDataNotFound);
        var aid = request.ApplicationAid.ToString();
        var app = FindApplication(aid);
        var file = app is null ? FindLoadFile(aid) : null;
        if (app is null && file is null)
            return Status(StatusWords.ReferencedDataNotFound);
        var currentSd = app?.AssociatedSd ?? file!.AssociatedSd;
        if ((app is not null && IsIsd(app)) || file?.IsPlatform == true)
            return Status(StatusWords.ConditionsNotSatisfied);
        if (!IsIsd(sd) && currentSd != sd.Aid)
            return Status(StatusWords.ConditionsNotSatisfied);
        if (!target.SecurityDomain!.AcceptsExtradition || app == target || currentSd == target.Aid)
            return Status(StatusWords.ConditionsNotSatisfied);
        // Only a PERSONALIZED SSD takes content (GP 2.2.1 §5.3.2.3, §9.4.1); one with its initial keys, or locked, refuses it.
        if (!IsIsd(target) && target.LifeCycle != LifeCycle.Personalized)
            return Status(StatusWords.ConditionsNotSatisfied);
        // Moving into another fixed space needs room there.
        var newAccount = AccountOf(target.Aid);
        if (!SameAccount(newAccount, AccountOf(currentSd)))
        {
            var size = app is not null ? app.NonVolatileCharge : file!.CodeSize;
            if (size > FreeSpace(newAccount).NonVolatile)
                return Status(StatusWords.NotEnoughMemory);
        }
        if (app is not null)
            app.AssociatedSd = target.Aid;
        else
            file!.AssociatedSd = target.Aid;
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    /// <summary>INSTALL [for personalization] (§11.5.2.3.4): following STORE DATA commands go to the instance.</summary>
    private ResponseApdu PrepareForPersonalization(LogicalChannel channel, ApplicationRecord sd, InstallForPersonalization request)
    {
        var app = FindApplication(request.ApplicationAid.ToString());
        if (app is null)
            return Status(StatusWords.ReferencedDataNotFound);
        if (app.AssociatedSd != sd.Aid || app.IsSecurityDomain || LifeCycle.IsLocked(app.LifeCycle))
            return Status(StatusWords.ConditionsNotSatisfied);
        channel.PersonalizationTarget = app.Aid;
        channel.NextStoreDataBlock = 0;
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    /// <summary>INSTALL [for registry update] (§11.5.2.3.6): new privileges or a new associated SD, by the ISD.</summary>
    private ResponseApdu UpdateRegistry(ApplicationRecord sd, InstallForRegistryUpdate request)
    {
        if (!IsIsd(sd) || request.ApplicationAid is null)
            return Status(StatusWords.ConditionsNotSatisfied);
        var app = FindApplication(request.ApplicationAid.ToString());
        if (app is null || IsIsd(app))
            return Status(app is null ? StatusWords.ReferencedDataNotFound : StatusWords.ConditionsNotSatisfied);
        if (request.SecurityDomainAid is { } sdAid)
        {
            var target = FindApplication(sdAid.ToString());
            if (target is not { IsSecurityDomain: true } || target == app)
                return Status(StatusWords.ReferencedDataNotFound);
            app.AssociatedSd = target.Aid;
        }
        if (request.Privileges is { } privileges)
        {
            if (privileges.Has(Privileges.SecurityDomain) != app.IsSecurityDomain)
                return Status(StatusWords.ConditionsNotSatisfied);
            app.Privileges = Hex.Format(privileges.ToArray());
        }
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    /// <summary>
    /// DELETE (§11.2): an instance, a load file (with its instances when related objects are asked for), an SD
    /// (only empty, or with related objects), a torn load, or a key set; never the ISD nor ROM content.
    /// </summary>
    private ResponseApdu Delete(LogicalChannel channel, CommandApdu command)
    {
        DeleteCommand request;
        try
        {
            request = DeleteCommand.Parse(command);
        }
        catch (GpFormatException)
        {
            return Status(command.P2 is 0x00 or 0x80 ? StatusWords.IncorrectData : StatusWords.IncorrectP1P2);
        }
        var sd = channel.Selected!;
        if (request.IsKeyDeletion)
            return DeleteKeys(sd, request);
        if (NeedsToken(sd) && !VerifyToken(command))
            return Status(StatusWords.SecurityStatusNotSatisfied);
        if (NeedsToken(sd) && ReceiptsExhausted())
            return Status(StatusWords.ConditionsNotSatisfied);
        return Confirm(sd, DeleteContent(sd, request), c => ReceiptData.Delete(c, request.Aid!), TokenIdentifierOf(request));
    }

    private ResponseApdu DeleteContent(ApplicationRecord sd, DeleteCommand request)
    {
        var aid = request.Aid!.ToString();
        if (_image.PendingLoad is { } pending && pending.LoadFileAid == aid)
        {
            if (!IsIsd(sd) && pending.AssociatedSd != sd.Aid)
                return Status(StatusWords.ConditionsNotSatisfied);
            _image.PendingLoad = null;
            foreach (var c in _channels.Where(c => c.Session is not null))
                c.Session!.LoadStarted = false;
            MarkChanged();
            return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
        }
        var app = FindApplication(aid);
        var file = app is null ? FindLoadFile(aid) : null;
        if (app is null && file is null)
            return Status(StatusWords.ReferencedDataNotFound);
        var victims = new List<object>();
        var refusal = app is not null ? CollectInstance(sd, app, request.DeleteRelated, victims) : CollectLoadFile(sd, file!, request.DeleteRelated, victims);
        if (refusal is { } sw)
            return Status(sw);
        foreach (var victim in victims)
        {
            switch (victim)
            {
                case ApplicationRecord a:
                    _image.Applications.Remove(a);
                    DeselectEverywhere(a);
                    foreach (var c in _channels.Where(c => c.PersonalizationTarget == a.Aid || c.Session?.SecurityDomain == a))
                        c.CloseSession();
                    break;
                case LoadFileRecord f:
                    _image.LoadFiles.Remove(f);
                    break;
            }
        }
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }

    private bool MayDelete(ApplicationRecord sd, string associatedSd, bool isOwnSd)
    {
        if (IsIsd(sd))
        {
            // CMS2AC tag 45 b3: an SD may refuse deletions of its content started by the ISD.
            var owner = FindApplication(associatedSd);
            return owner is null || IsIsd(owner) || isOwnSd || owner.SecurityDomain!.AcceptsIsdInitiatedDeletion;
        }
        return associatedSd == sd.Aid && MayManageContent(sd);
    }

    private StatusWord? CollectInstance(ApplicationRecord sd, ApplicationRecord app, bool related, List<object> victims)
    {
        if (IsIsd(app) || app.InRom)
            return StatusWords.ConditionsNotSatisfied;
        if (!MayDelete(sd, app.AssociatedSd, false))
            return StatusWords.ConditionsNotSatisfied;
        if (app.IsSecurityDomain)
        {
            if (!app.SecurityDomain!.MayDeleteItself)
                return StatusWords.ConditionsNotSatisfied;
            var content = ContentOf(app).ToList();
            if (content.Count > 0 && !related)
                return StatusWords.ConditionsNotSatisfied;
            foreach (var item in content)
            {
                var refusal = item switch
                {
                    ApplicationRecord child => CollectInstance(FindIsd()!, child, true, victims),
                    LoadFileRecord childFile => CollectLoadFile(FindIsd()!, childFile, true, victims),
                    _ => null,
                };
                if (refusal is not null)
                    return refusal;
            }
        }
        if (!victims.Contains(app))
            victims.Add(app);
        return null;
    }

    private StatusWord? CollectLoadFile(ApplicationRecord sd, LoadFileRecord file, bool related, List<object> victims)
    {
        if (file.InRom || file.IsPlatform)
            return StatusWords.ConditionsNotSatisfied;
        if (!MayDelete(sd, file.AssociatedSd, false))
            return StatusWords.ConditionsNotSatisfied;
        var instances = _image.Applications.Where(a => a.LoadFileAid == file.Aid).ToList();
        if (instances.Count > 0 && !related)
            return StatusWords.ConditionsNotSatisfied;
        // Other load files importing this one must go first (Java Card: a package in use cannot be deleted).
        if (_image.LoadFiles.Any(f => f != file && !victims.Contains(f) && Imports(f, file.Aid)))
            return StatusWords.ConditionsNotSatisfied;
        foreach (var instance in instances)
        {
            var refusal = CollectInstance(FindIsd()!, instance, true, victims);
            if (refusal is not null)
                return refusal;
        }
        if (!victims.Contains(file))
            victims.Add(file);
        return null;
    }

    private static bool Imports(LoadFileRecord importer, string importedAid) =>
        importer.Imports.Contains(importedAid, StringComparer.OrdinalIgnoreCase);

    private ResponseApdu DeleteKeys(ApplicationRecord sd, DeleteCommand request)
    {
        var domain = sd.SecurityDomain!;
        var matches = domain.KeySets.Where(k => request.KeyVersionNumber is null || k.Version == request.KeyVersionNumber).ToList();
        if (matches.Count == 0)
            return Status(StatusWords.ReferencedDataNotFound);
        if (matches.Count == domain.KeySets.Count)
            return Status(StatusWords.ConditionsNotSatisfied); // the last key set would lock the SD out
        foreach (var keySet in matches)
            domain.KeySets.Remove(keySet);
        MarkChanged();
        return new ResponseApdu(new byte[] { 0x00 }, StatusWords.Success);
    }
}
