/**
 * Data: the built-in sets, CSV reading, and the line's sufficient statistics.
 *
 * - csv-columns: Which columns of a CSV header are the features (x, or several) and the target y: by name, or the only two;
 * - csv-number: A CSV cell as a number: decimal digits only, as a person writes them.
 * - csv-sniff: What kind of text a CSV file is, from its first piece (64 KiB from the CLI's file stream, far more from a browser's File, so the header is whole in it): which delimiter its header uses (comma, semicolon or tab, as spreadsheets save them in different countries), and whether it is text at all (a UTF-16 export or a binary file read as UTF-8 gives mojibake and control characters, never a useful "expected a number").
 * - csv: CSV → a data set of numeric columns chosen by name: x (or several feature columns) and y.
 * - data: Data sets: equally long columns of finite numbers (x, or several feature columns, and y), with the names a reader will see on axes.
 * - stats: Sufficient statistics of a data set for the linear model with MSE, kept centred.
 */

export * from "./csv.js";
export * from "./csv-columns.js";
export * from "./csv-number.js";
export * from "./csv-sniff.js";
export * from "./data.js";
export * from "./stats.js";
