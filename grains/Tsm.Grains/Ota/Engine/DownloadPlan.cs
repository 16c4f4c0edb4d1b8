using System.Security.Cryptography;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Cap;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// Download (requirement 5.8.4.1): the application's SD first when the platform creates it, then in the ISD's channel
/// GET STATUS of the load file, INSTALL [for load] and LOAD unless the load file is there, INSTALL [for install and
/// make selectable] of each missing instance (and extradition to its SD), GET STATUS of the application and GET DATA
/// FF21. An application that imports libraries or has several load files first reads which of those the card holds
/// and loads the missing ones, in dependency order, before its own. The fit of everything to load is checked before
/// anything is loaded.
/// </summary>
internal sealed class DownloadPlan : OperationPlan
{
    private int _replans;
    private bool _fitChecked;
    private bool _prerequisitesRead;
    private bool _prerequisitesPlanned;

    public override IReadOnlyList<SecureChannelStage> Stages(PlanContext context) => context.Spec switch
    {
        // A third party's SD is handed over with its initial keys: no key stage (its provider puts its keys later).
        { CreateSecurityDomainFirst: true, NewKeySet: null } => [Isd(context, StageWork.CreateSecurityDomain), Isd(context)],
        { CreateSecurityDomainFirst: true } => [Isd(context, StageWork.CreateSecurityDomain), new(StageWork.SecurityDomainKeys, context.SecurityDomain!.Aid, context.SecurityDomain.Aid), Isd(context)],
        _ => [Isd(context)],
    };

    public override string? PlanMain(PlanContext context)
    {
        var app = context.Application!;
        if (context.Prerequisites.Count > 0 && !_prerequisitesRead && !context.Known.LoadFilePresent)
        {
            // Which libraries and load files the card holds decides what is loaded: Reconcile plans the loads.
            foreach (var prerequisite in context.Prerequisites)
                context.Status(new GetStatusCommand(GetStatusScope.ExecutableLoadFilesAndModules, SearchAid: Hex.Parse(prerequisite.LoadFile.Aid)));
            context.Status(new GetStatusCommand(GetStatusScope.ExecutableLoadFilesAndModules, SearchAid: Hex.Parse(app.LoadFileAid)));
            _prerequisitesRead = true;
            return null;
        }
        context.Status(new GetStatusCommand(GetStatusScope.ExecutableLoadFilesAndModules, SearchAid: Hex.Parse(app.LoadFileAid)));
        if (context.Resumed && _replans == 0 && !context.Known.LoadFilePresent)
        {
            // A resumed download reads the registry first; Reconcile then plans only what is missing.
            context.Status(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains, SearchAid: Hex.Parse(app.Aid)));
            return null;
        }
        if (!context.Known.LoadFilePresent)
        {
            var block = context.Cap!.LoadFileDataBlock;
            // Checked once, before the first LOAD: after a residue was deleted the figures read before it are stale.
            if (!_fitChecked && Fit(context, block.Size) is { } misfit)
                return misfit;
            _fitChecked = true;
            if (TooManyBlocks(context, app.LoadFileAid, block) is { } tooLarge)
                return tooLarge;
            Load(context, app.LoadFileAid, block, app.VolatileData, app.NonVolatileData);
        }
        foreach (var instance in app.Instances.Where(i => !context.Known.Instances.Contains(i.InstanceAid)))
        {
            context.Wrapped(InstallCommand.ForInstall(
                Aid.Parse(app.LoadFileAid), Aid.Parse(instance.ModuleAid), Aid.Parse(instance.InstanceAid),
                Privileges.Parse(Hex.Parse(instance.Privileges)),
                new InstallParameters(Hex.Parse(instance.InstallParameters)).ToArray()).ToApdu(), CommandIntent.InstallForInstall, instance.InstanceAid);
            if (!string.IsNullOrEmpty(app.SecurityDomainAid) && !context.IsIsd(app.SecurityDomainAid) && !context.Spec.ExtraditionDeferred)
                context.Wrapped(InstallCommand.ForExtradition(Aid.Parse(app.SecurityDomainAid), Aid.Parse(instance.InstanceAid)).ToApdu(), CommandIntent.Extradite, instance.InstanceAid);
        }
        context.Status(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains, SearchAid: Hex.Parse(app.Aid)));
        context.FreeMemory();
        return null;
    }

    /// <summary>INSTALL [for load] and the LOAD blocks of one load file, associated with the application's load-file SD.</summary>
    private static void Load(PlanContext context, string loadFileAid, LoadFileDataBlock block, int volatileData, int nonVolatileData)
    {
        var app = context.Application!;
        var sd = string.IsNullOrEmpty(app.LoadFileSecurityDomainAid) || context.IsIsd(app.LoadFileSecurityDomainAid) ? null : Aid.Parse(app.LoadFileSecurityDomainAid);
        var dap = DapPassthrough.BlockFor(app, loadFileAid);
        if (dap is not null)
            sd = dap.SecurityDomainAid; // the DAP-mode SD verifies the load file it is associated with (GP 2.2.1 §9.2.1)
        var parameters = new LoadParameters(
            NonVolatileCodeMinimum: block.Size,
            VolatileDataMinimum: volatileData > 0 ? volatileData : null,
            NonVolatileDataMinimum: nonVolatileData > 0 ? nonVolatileData : null).ToArray();
        context.Wrapped(InstallCommand.ForLoad(Aid.Parse(loadFileAid), sd, (byte[])SHA1.HashData(block.Bytes.Span), parameters).ToApdu(), CommandIntent.InstallForLoad, loadFileAid);
        var loads = LoadFileBuilder.Split(LoadFileOf(context, loadFileAid, block), context.Options.LoadBlockSize);
        for (var i = 0; i < loads.Count; i++)
            context.Wrapped(loads[i].ToApdu(), i == loads.Count - 1 ? CommandIntent.LastLoadBlock : CommandIntent.LoadBlock, loadFileAid);
    }

    /// <summary>The encoded load file: the DAP block of the application's DAP-mode SD, if any, and the CAP's components.</summary>
    private static byte[] LoadFileOf(PlanContext context, string loadFileAid, LoadFileDataBlock block) =>
        LoadFileBuilder.Build(block.Bytes.Span, DapPassthrough.BlockFor(context.Application!, loadFileAid) is { } dap ? [dap] : null);

    /// <summary>
    /// Null when the load file fits the LOAD numbering: P2 numbers blocks from 00 to FF (GP 2.2.1 §11.6.2.2), so at most
    /// 256 blocks of <c>Ota:LoadBlockSize</c> bytes; else the task's failure reason, before any command is sent.
    /// </summary>
    private static string? TooManyBlocks(PlanContext context, string loadFileAid, LoadFileDataBlock block)
    {
        var length = LoadFileOf(context, loadFileAid, block).Length;
        var size = context.Options.LoadBlockSize;
        var blocks = (length + size - 1) / size;
        return blocks <= LoadFileBuilder.MaxBlocks ? null
            : $"load file {loadFileAid} is {length} bytes: {blocks} LOAD blocks of {size} bytes, and LOAD numbers at most {LoadFileBuilder.MaxBlocks} (GP 2.2.1 §11.6.2.2)";
    }

    /// <summary>After the registry read of the prerequisites: the loads of those the card lacks, then the application's own work.</summary>
    private OtaStep PlanPrerequisites(PlanContext context, Func<string, OtaStep> issue, Func<string, OtaStep> fail)
    {
        _prerequisitesPlanned = true;
        var app = context.Application!;
        var missing = context.Prerequisites.Where(p => !context.Registry.LoadFiles.ContainsKey(p.LoadFile.Aid)).ToList();
        var mainSize = context.Registry.LoadFiles.ContainsKey(app.LoadFileAid) ? 0 : context.Cap!.LoadFileDataBlock.Size;
        if (Fit(context, missing.Sum(p => p.Cap.LoadFileDataBlock.Size) + mainSize) is { } misfit)
            return fail(misfit);
        _fitChecked = true;
        foreach (var prerequisite in missing)
        {
            if (TooManyBlocks(context, prerequisite.LoadFile.Aid, prerequisite.Cap.LoadFileDataBlock) is { } tooLarge)
                return fail(tooLarge);
        }
        if (mainSize > 0 && TooManyBlocks(context, app.LoadFileAid, context.Cap!.LoadFileDataBlock) is { } mainTooLarge)
            return fail(mainTooLarge);
        foreach (var prerequisite in missing)
            Load(context, prerequisite.LoadFile.Aid, prerequisite.Cap.LoadFileDataBlock, 0, 0);
        return PlanMain(context) is { } reason
            ? fail(reason)
            : issue(missing.Count == 0 ? "download the application" : $"load {missing.Count} imported load file(s), then the application");
    }

    /// <summary>
    /// Whether the application fits the free space the card reported before authentication (GET DATA FF21): its code
    /// and non-volatile data, and its volatile data. Null when it fits or the card did not say.
    /// </summary>
    private static string? Fit(PlanContext context, int codeSize)
    {
        var app = context.Application!;
        var needed = (long)codeSize + app.NonVolatileData;
        if (context.Facts.FreeNonVolatile is { } free && free < needed)
            return $"the application does not fit: it needs {needed} bytes of non-volatile memory (code {codeSize}, data {app.NonVolatileData}); the SE has {free} free";
        if (app.VolatileData > 0 && context.Facts.FreeVolatile is { } freeVolatile && freeVolatile < app.VolatileData)
            return $"the application does not fit: it needs {app.VolatileData} bytes of volatile memory; the SE has {freeVolatile} free";
        return null;
    }

    /// <summary>
    /// Answers the plan expects from the work of an earlier, interrupted attempt — the registry read in the same
    /// order decides what follows: INSTALL [for load] or LOAD meeting a listed load file (6985); LOAD after INSTALL
    /// [for load] was refused; INSTALL [for install] meeting an instance or a load file that is there (6985, 6A88).
    /// </summary>
    public override bool Tolerates(PlanContext context, PlannedCommand command, StatusWord sw)
    {
        var listed = context.Registry.LoadFiles.ContainsKey(context.Application!.LoadFileAid);
        return command.Intent switch
        {
            CommandIntent.InstallForLoad or CommandIntent.LoadBlock or CommandIntent.LastLoadBlock when listed && sw == StatusWords.ConditionsNotSatisfied => true,
            CommandIntent.LoadBlock or CommandIntent.LastLoadBlock when !listed && sw == StatusWords.ConditionsNotSatisfied && context.LoadRefused => true,
            CommandIntent.InstallForInstall when (sw == StatusWords.ConditionsNotSatisfied || sw == StatusWords.ReferencedDataNotFound) && (listed || context.LoadRefused) => true,
            _ => false,
        };
    }

    /// <summary>
    /// Compares what the download did with what GET STATUS showed (requirements 5.8.7.1, 5.8.8): a partial load file
    /// from an interrupted download is deleted and the download redone; instances still missing are installed.
    /// </summary>
    public override OtaStep? Reconcile(PlanContext context, Func<string, OtaStep> issue, Func<string, OtaStep> fail)
    {
        if (_prerequisitesRead && !_prerequisitesPlanned)
            return PlanPrerequisites(context, issue, fail);
        var app = context.Application!;
        var listed = context.Registry.LoadFiles.TryGetValue(app.LoadFileAid, out var modules);
        var complete = context.LoadCompleted || context.Known.LoadFilePresent
            || (listed && app.Instances.All(i => modules!.Contains(i.ModuleAid, StringComparer.OrdinalIgnoreCase)));
        var present = new HashSet<string>(context.InstalledNow, StringComparer.OrdinalIgnoreCase);
        present.UnionWith(context.Registry.Instances.Keys.Where(aid => app.Instances.Any(i => i.InstanceAid.Equals(aid, StringComparison.OrdinalIgnoreCase))));
        var missing = app.Instances.Where(i => !present.Contains(i.InstanceAid)).ToList();
        if (complete && missing.Count == 0)
            return null;
        if (++_replans > 3)
            return fail("the download could not be completed: the SE's registry does not match the plan");
        context.LoadCompleted = false;
        context.InstalledNow.Clear();
        context.Registry.ForgetInstances();
        if (listed && !complete)
        {
            // A load file from an interrupted download: delete it, then download again.
            context.Registry.Forget(app.LoadFileAid);
            context.Known = new KnownContent(false, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            context.Wrapped(DeleteCommand.ForObject(Aid.Parse(app.LoadFileAid), deleteRelated: true).ToApdu(), CommandIntent.DeleteLoadFile, app.LoadFileAid);
            return PlanMain(context) is { } misfit ? fail(misfit) : issue("delete the residue of an interrupted download and download again");
        }
        // The load file is there: nothing of it is sent again, only the missing instances are installed.
        context.Known = new KnownContent(complete, present);
        return PlanMain(context) is { } reason ? fail(reason) : issue("finish the interrupted download");
    }

    public override KnownContent ContentAfter(PlanContext context) =>
        new(true, new HashSet<string>(context.Application!.Instances.Select(i => i.InstanceAid), StringComparer.OrdinalIgnoreCase));
}
