using Microsoft.VisualBasic.FileIO;

namespace Pipeline.Cli.Commands;

/// <summary>
/// key,label rows as people keep them (quoted fields allowed; a first row whose key reads key, path, file, id, image or
/// region is a header and skipped). A key is a region or image id, or an image path, relative to the CSV's folder or
/// absolute.
/// </summary>
internal static class LabelCsv
{
    public static List<(string Key, string Label)> Read(FileInfo file)
    {
        if (!file.Exists) throw new CliException($"the label file '{file.FullName}' does not exist");
        using var parser = new TextFieldParser(file.FullName) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var rows = new List<(string, string)>();
        var first = true;
        while (parser.ReadFields() is { } fields)
        {
            if (fields.Length < 2) throw new CliException($"{file.Name}: a row has {fields.Length} field(s); expected key,label");
            var header = first && fields[0].Trim().ToLowerInvariant() is "key" or "path" or "file" or "id" or "image" or "region" or "image_id" or "region_id";
            first = false;
            if (header) continue;
            var key = fields[0].Trim();
            if (!Guid.TryParse(key, out _)) key = Path.GetFullPath(key, file.DirectoryName!);
            rows.Add((key, fields[1].Trim()));
        }
        return rows;
    }
}
